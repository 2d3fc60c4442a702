/**
 * Grouping shared by the human-readable reporters (text, markdown). With `--usage`, groups of the
 * same level come most called first. Private to src/report.
 */
import { type Finding, LEVEL_RANK, type Level, type OperationRef, type Summary, type Witness } from '../rules/types.js';
import { callsOf, usageByOperation } from './_usage.js';
import type { ChangeCount } from './changes.js';

/** One change inside a shared component, with every operation it reaches. */
export interface ComponentChange {
  finding: Finding;
  operations: OperationRef[];
}

/** Changes that live in one shared component: the root cause, shown once. */
export interface ComponentGroup {
  kind: 'component';
  component: string;
  worst: Level;
  changes: ComponentChange[];
  /** Union of the operations reached by the changes, sorted. */
  operations: OperationRef[];
}

/** Findings of one operation (or of the whole document when `operation` is null). */
export interface OperationGroup {
  kind: 'operation';
  operation: OperationRef | null;
  worst: Level;
  findings: Finding[];
}

export type FindingGroup = ComponentGroup | OperationGroup;

/** OpenAPI's own order of operations in a Path Item Object. */
const METHOD_ORDER = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];

export function filterByLevel(findings: readonly Finding[], minLevel: Level = 'info'): Finding[] {
  const limit = LEVEL_RANK[minLevel];
  return findings.filter((finding) => LEVEL_RANK[finding.level] <= limit);
}

/** How many changes a level filter leaves out of the listing. */
export function hiddenChanges(counts: Record<Level, ChangeCount>, minLevel: Level = 'info'): number {
  const limit = LEVEL_RANK[minLevel];
  let hidden = 0;
  for (const level of ['breaking', 'warning', 'info'] as const) {
    if (LEVEL_RANK[level] > limit) hidden += counts[level].changes;
  }
  return hidden;
}

/** How many findings of the summary a level filter leaves out. */
export function hiddenCount(summary: Summary, minLevel: Level = 'info'): number {
  const limit = LEVEL_RANK[minLevel];
  let hidden = 0;
  for (const level of ['breaking', 'warning', 'info'] as const) {
    if (LEVEL_RANK[level] > limit) hidden += summary[level];
  }
  return hidden;
}

export function formatOperation(operation: OperationRef): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

export function compareOperations(left: OperationRef, right: OperationRef): number {
  if (left.path !== right.path) return left.path < right.path ? -1 : 1;
  return methodRank(left.method) - methodRank(right.method);
}

function methodRank(method: string): number {
  const rank = METHOD_ORDER.indexOf(method.toUpperCase());
  return rank === -1 ? METHOD_ORDER.length : rank;
}

function operationKey(operation: OperationRef | null): string {
  return operation === null ? '' : `${operation.method.toUpperCase()} ${operation.path}`;
}

/** Same rule, level, place and message: one change, however many operations reach it. */
function changeKey(finding: Finding): string {
  return `${finding.id}\u0000${finding.level}\u0000${finding.side}\u0000${finding.location.pointer}\u0000${finding.message}`;
}

function worstLevel(levels: Iterable<Level>): Level {
  let worst: Level = 'info';
  for (const level of levels) {
    if (LEVEL_RANK[level] < LEVEL_RANK[worst]) worst = level;
  }
  return worst;
}

function byLevel<T>(levelOf: (item: T) => Level): (left: T, right: T) => number {
  return (left, right) => LEVEL_RANK[levelOf(left)] - LEVEL_RANK[levelOf(right)];
}

/**
 * Groups findings for a human reader: a change inside a component shared by several operations
 * becomes one entry listing the operations it affects, other findings are grouped by operation.
 * Groups come worst level first; at equal level, components (root causes) before operations,
 * operations by path then method, document-wide findings last. Inside a group, breaking before warning before info, and
 * otherwise in the order the rules reported them (Array.prototype.sort is stable).
 */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const components = new Map<string, Map<string, ComponentChange>>();
  const operations = new Map<string, OperationGroup>();
  const seenOperations = new Map<ComponentChange, Set<string>>();

  // A component reached by one operation is no shared root cause: its findings read best under
  // that operation.
  const reach = new Map<string, Set<string>>();
  for (const finding of findings) {
    if (finding.component === null || finding.operation === null) continue;
    let keys = reach.get(finding.component);
    if (keys === undefined) {
      keys = new Set();
      reach.set(finding.component, keys);
    }
    keys.add(operationKey(finding.operation));
  }

  for (const finding of findings) {
    if (finding.component !== null && (reach.get(finding.component)?.size ?? 0) > 1) {
      let changes = components.get(finding.component);
      if (changes === undefined) {
        changes = new Map();
        components.set(finding.component, changes);
      }
      const key = changeKey(finding);
      let change = changes.get(key);
      if (change === undefined) {
        change = { finding, operations: [] };
        changes.set(key, change);
      }
      if (finding.operation !== null) {
        const seen = seenOperations.get(change) ?? new Set<string>();
        seenOperations.set(change, seen);
        const reachedKey = operationKey(finding.operation);
        if (!seen.has(reachedKey)) {
          seen.add(reachedKey);
          change.operations.push(finding.operation);
        }
      }
      continue;
    }
    const key = operationKey(finding.operation);
    let group = operations.get(key);
    if (group === undefined) {
      group = { kind: 'operation', operation: finding.operation, worst: finding.level, findings: [] };
      operations.set(key, group);
    }
    group.findings.push(finding);
  }

  const componentGroups: ComponentGroup[] = [];
  for (const [component, changeMap] of components) {
    const changes = [...changeMap.values()].sort(byLevel((change) => change.finding.level));
    const reached = new Map<string, OperationRef>();
    for (const change of changes) {
      change.operations.sort(compareOperations);
      for (const operation of change.operations) reached.set(operationKey(operation), operation);
    }
    componentGroups.push({
      kind: 'component',
      component,
      worst: worstLevel(changes.map((change) => change.finding.level)),
      changes,
      operations: [...reached.values()].sort(compareOperations),
    });
  }
  componentGroups.sort((left, right) => (left.component < right.component ? -1 : 1));

  const operationGroups = [...operations.values()];
  for (const group of operationGroups) {
    group.findings.sort(byLevel((finding) => finding.level));
    group.worst = worstLevel(group.findings.map((finding) => finding.level));
  }
  operationGroups.sort((left, right) => {
    if (left.operation === null || right.operation === null) {
      return (left.operation === null ? 1 : 0) - (right.operation === null ? 1 : 0);
    }
    return compareOperations(left.operation, right.operation);
  });

  const groups = [...componentGroups, ...operationGroups];
  const usage = usageByOperation(findings);
  if (usage.size === 0) return groups.sort(byLevel((group) => group.worst));
  // With --usage: at the same level, the most called first (a component: its operations' calls).
  const traffic = (group: FindingGroup): number =>
    group.kind === 'component'
      ? callsOf(group.operations, usage)
      : group.operation === null
        ? -1
        : callsOf([group.operation], usage);
  return groups.sort(
    (left, right) => LEVEL_RANK[left.worst] - LEVEL_RANK[right.worst] || traffic(right) - traffic(left),
  );
}

/** The one-line verdict shared by the human-readable formats. */
export function verdict(summary: Summary): { level: Level | null; text: string } {
  if (summary.breaking > 0) {
    return {
      level: 'breaking',
      text: 'Breaking: clients built against the base contract can fail against the revision.',
    };
  }
  if (summary.warning > 0) {
    return {
      level: 'warning',
      text: 'Possibly breaking: no certain break, but review the warnings; some clients may fail.',
    };
  }
  return { level: null, text: 'Compatible: no change breaks clients built against the base contract.' };
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `example request body accepted before, rejected now: {"name":"a"}` (responses: allowed now, not before). */
export function witnessSentence(witness: Witness): string {
  const how = witness.acceptedBy === 'base' ? 'accepted before, rejected now' : 'allowed now, not before';
  return `example ${witness.of} ${how}: ${JSON.stringify(witness.value)}`;
}
