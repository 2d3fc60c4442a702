/**
 * Shared by the machine-readable reporters (sarif, junit, github, gitlab) and html: file paths CI
 * can resolve, stable fingerprints, and rule metadata from the catalog. Private to src/report.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { POLICY_FINDINGS } from '../policy/findings.js';
import { rules as catalog } from '../rules/catalog.js';
import { messages } from '../rules/messages.js';
import type { Finding, FindingLocation, Level } from '../rules/types.js';

export interface RuleInfo {
  id: string;
  /** Default level (the catalog's), not the level a policy gave one finding. */
  level: Level;
  description: string;
  hint: string;
  /** `rules.md#<id>` for catalog rules, `configuration.md#<id>` for the policy's own findings. */
  docsPath: string;
}

const CATALOG = new Map(catalog.map((rule) => [rule.id, rule]));

/**
 * What the catalog (or the policy) says about a rule id; for ids it does not know, a bare entry
 * at `fallbackLevel` (the level the finding has).
 */
export function ruleInfo(id: string, fallbackLevel: Level = 'info'): RuleInfo {
  const rule = CATALOG.get(id);
  if (rule) {
    return {
      id,
      level: rule.level,
      description: rule.docs.description,
      hint: messages[id]?.hint ?? '',
      docsPath: `rules.md#${id}`,
    };
  }
  if (Object.hasOwn(POLICY_FINDINGS, id)) {
    const kind = POLICY_FINDINGS[id as keyof typeof POLICY_FINDINGS];
    return { id, level: kind.level, description: kind.description, hint: '', docsPath: `configuration.md#${id}` };
  }
  return { id, level: fallbackLevel, description: id, hint: '', docsPath: `rules.md#${id}` };
}

/** `<docsUrl><docsPath>` when the docs URL is known. */
export function docsLink(info: RuleInfo, docsUrl: string | undefined): string | undefined {
  return docsUrl === undefined ? undefined : new URL(info.docsPath, docsUrl).href;
}

/**
 * The repository path of the file a finding cites: Python code (`location.code`) is cited relative
 * to the repository root already; anything else goes through {@link artifactPath}.
 */
export function findingPath(location: FindingLocation, prefix = ''): string {
  return location.code === undefined ? artifactPath(location.file, prefix) : location.file;
}

/**
 * The repository path of the file a finding cites: `git:REV:./api/openapi.yaml` and
 * `git:REV:api/openapi.yaml` become `api/openapi.yaml` (the same file at another revision), and
 * `prefix` (where holdfast ran, inside the repository) is put in front of paths relative to it.
 */
export function artifactPath(file: string, prefix = ''): string {
  const git = /^git:[^:]+:(.+)$/.exec(file);
  if (git && !git[1].startsWith('py:')) {
    const path = git[1];
    // `./PATH` is relative to where holdfast ran; `PATH` to the repository root already.
    return path.startsWith('./') ? joinPrefix(prefix, path.slice(2)) : path;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) || file.startsWith('/')) return file;
  return joinPrefix(prefix, file.replace(/^\.\//, ''));
}

/** `services/shop` + `../openapi.yaml` -> `services/openapi.yaml`. */
function joinPrefix(prefix: string, path: string): string {
  return posix.normalize(posix.join(prefix === '' ? '.' : prefix, path));
}

/**
 * A stable identity for a finding across runs: rule, operation, component, pointer and message,
 * never the line (lines move when unrelated parts of the file change).
 */
export function fingerprint(finding: Finding): string {
  const operation = finding.operation ? `${finding.operation.method.toUpperCase()} ${finding.operation.path}` : '';
  const key = [finding.id, operation, finding.component ?? '', finding.side, finding.location.pointer, finding.message];
  return createHash('sha256').update(key.join('\u0000')).digest('hex');
}

/** Fingerprints for a list of findings, made unique (GitLab requires it) by numbering repeats. */
export function uniqueFingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const base = fingerprint(finding);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : createHash('sha256').update(`${base}:${count}`).digest('hex');
  });
}

/** `GET /items` or null. */
export function operationLabel(finding: Finding): string | null {
  return finding.operation ? `${finding.operation.method.toUpperCase()} ${finding.operation.path}` : null;
}

/** `accepted: <reason> (until 2025-06-30)` */
export function acceptanceText(finding: Finding): string | null {
  if (!finding.accepted) return null;
  const until = finding.accepted.expires === null ? '' : ` (until ${finding.accepted.expires})`;
  return `accepted: ${finding.accepted.reason}${until}`;
}
