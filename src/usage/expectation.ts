/**
 * The expected result of a deployment (`holdfast deploy --expect`), when it is a measurable
 * statement: parsed here, checked by `holdfast deploy compare` on the window after the deployment.
 * Anything else is prose: recorded and shown, reported as "not measurable" with the reason.
 *
 * Grammar (keywords are case-insensitive; docs/usage.md has examples):
 *
 *     statement  = clause { ("and" | "," | ";") clause }
 *     clause     = "no 5xx" [ ("of" | "for" | "on") operation ]
 *                | metric [ ("of" | "for" | "on") operation ] comparator number unit
 *     metric     = "p50" | "p95" | "p99" [ "latency" ]      unit "ms" | "s"
 *                | "5xx rate" | "error rate" | "4xx rate"    unit "%"
 *                | "requests" | "request rate"              unit "/s" | "/min" | "/h" ("per minute" …)
 *     operation  = METHOD PATH-TEMPLATE                      e.g. GET /items/{item_id}
 *     comparator = "below" | "under" | "less than" | "<" | "at most" | "<="
 *                | "above" | "over" | "more than" | ">" | "at least" | ">="
 *
 * "error rate" is the 5xx rate (server errors: 4xx are the clients' own). Without an operation a
 * clause is about the whole service: a rate over all requests, a latency for every operation
 * (the highest per-operation quantile must satisfy it).
 *
 * @example
 * parseExpectation('p95 of GET /orders below 200 ms and error rate below 0.5%')
 * // { ok: true, clauses: [{ metric: 'p95', operation: 'GET /orders', comparator: '<', value: 200, … }, …] }
 */
import type { OperationWindowStats, TrafficWindow } from './window.js';

export type ExpectationMetric = 'p50' | 'p95' | 'p99' | '5xx rate' | '4xx rate' | 'requests';
export type ExpectationComparator = '<' | '<=' | '>' | '>=';

export interface ExpectationClause {
  /** The clause as written. */
  text: string;
  metric: ExpectationMetric;
  /** `GET /orders`; null: the whole service. */
  operation: string | null;
  comparator: ExpectationComparator;
  /** Normalized: milliseconds, a fraction (0.005 for 0.5 %), or requests per minute. */
  value: number;
}

export type ParsedExpectation =
  | { ok: true; clauses: ExpectationClause[] }
  | {
      ok: false;
      /** "expected a metric (p50, p95, …) at character 1, found "checkout"". */
      reason: string;
      /** 1-based character position of the problem. */
      position: number;
    };

const METHODS = 'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE';
const METRIC_WORDS = 'p50, p95, p99, 5xx rate, error rate, 4xx rate, requests, or "no 5xx"';

const patterns = {
  space: /\s*/y,
  no5xx: /no\s+5xx(?:\s+errors?)?(?![\w%])/iy,
  metric: /(p50|p95|p99)(?:\s+latency)?(?![\w%])|(5xx|error|4xx)\s+rate(?![\w%])|(requests|request\s+rate)(?![\w%])/iy,
  of: /(?:of|for|on)\s+/iy,
  operation: new RegExp(`(${METHODS})\\s+(/[^\\s,;]*)`, 'iy'),
  comparator:
    /(<=|>=|<|>|below|under|less\s+than|at\s+most|above|over|more\s+than|greater\s+than|at\s+least)(?![\w%])/iy,
  number: /(\d+(?:\.\d+)?)/y,
  latencyUnit: /(ms|milliseconds?|s|seconds?)(?![\w%])/iy,
  percent: /(%|percent)/iy,
  rateUnit: /(\/\s*s|\/\s*sec|\/\s*min|\/\s*m|\/\s*h|per\s+second|per\s+minute|per\s+hour)(?![\w%])/iy,
  separator: /(and(?![\w%])|,|;)/iy,
};

const comparatorOf: Record<string, ExpectationComparator> = {
  '<': '<',
  below: '<',
  under: '<',
  'less than': '<',
  '<=': '<=',
  'at most': '<=',
  '>': '>',
  above: '>',
  over: '>',
  'more than': '>',
  'greater than': '>',
  '>=': '>=',
  'at least': '>=',
};

class Scanner {
  at = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    patterns.space.lastIndex = this.at;
    patterns.space.exec(this.text);
    this.at = patterns.space.lastIndex;
  }

  take(pattern: RegExp): RegExpExecArray | null {
    this.skipSpace();
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (match) this.at = pattern.lastIndex;
    return match;
  }

  get done(): boolean {
    this.skipSpace();
    return this.at >= this.text.length;
  }

  /** The next word (or character) for "found …", or "the end". */
  found(): string {
    this.skipSpace();
    if (this.at >= this.text.length) return 'the end';
    const word = /\S+/y;
    word.lastIndex = this.at;
    const match = word.exec(this.text);
    return `"${(match?.[0] ?? '').slice(0, 30)}"`;
  }

  fail(expected: string): ParsedExpectation {
    const found = this.found();
    return {
      ok: false,
      reason: `expected ${expected} at character ${this.at + 1}, found ${found}`,
      position: this.at + 1,
    };
  }
}

function normalizeWords(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Parses an expected result. Returns the clauses, or why it is not a measurable statement (with
 * the 1-based character position): prose such as "checkout works" is a normal, unmeasurable answer.
 */
export function parseExpectation(text: string): ParsedExpectation {
  const scanner = new Scanner(text);
  const clauses: ExpectationClause[] = [];
  if (scanner.done) return { ok: false, reason: 'the expected result is empty', position: 1 };
  for (;;) {
    scanner.skipSpace();
    const start = scanner.at;
    let clause: Omit<ExpectationClause, 'text'>;
    if (scanner.take(patterns.no5xx)) {
      const operation = readOperation(scanner);
      if (operation !== null && typeof operation === 'object') return operation;
      clause = { metric: '5xx rate', operation, comparator: '<=', value: 0 };
    } else {
      const metricMatch = scanner.take(patterns.metric);
      if (!metricMatch) return scanner.fail(`a metric (${METRIC_WORDS})`);
      const metric: ExpectationMetric = metricMatch[1]
        ? (metricMatch[1].toLowerCase() as 'p50' | 'p95' | 'p99')
        : metricMatch[2]
          ? metricMatch[2].toLowerCase() === '4xx'
            ? '4xx rate'
            : '5xx rate'
          : 'requests';
      const operation = readOperation(scanner);
      if (operation !== null && typeof operation === 'object') return operation;
      const comparatorMatch = scanner.take(patterns.comparator);
      if (!comparatorMatch) return scanner.fail('a comparison (below, above, at most, at least, <, <=, >, >=)');
      const comparator = comparatorOf[normalizeWords(comparatorMatch[1])];
      const numberMatch = scanner.take(patterns.number);
      if (!numberMatch) return scanner.fail('a number');
      const number = Number(numberMatch[1]);
      let value: number;
      if (metric === 'p50' || metric === 'p95' || metric === 'p99') {
        const unit = scanner.take(patterns.latencyUnit);
        if (!unit) return scanner.fail('a latency unit (ms or s)');
        value = unit[1].toLowerCase().startsWith('s') ? number * 1000 : number;
      } else if (metric === 'requests') {
        const unit = scanner.take(patterns.rateUnit);
        if (!unit) return scanner.fail('a request rate unit (/s, /min, /h)');
        const per = normalizeWords(unit[1]).replace(/\s/g, '');
        value =
          per.endsWith('s') || per.endsWith('sec') || per.endsWith('second')
            ? number * 60
            : per.endsWith('h') || per.endsWith('hour')
              ? number / 60
              : number;
      } else {
        if (!scanner.take(patterns.percent)) return scanner.fail('a percentage (e.g. 1%)');
        value = number / 100;
      }
      clause = { metric, operation, comparator, value };
    }
    clauses.push({ text: text.slice(start, scanner.at).trim(), ...clause });
    if (scanner.done) return { ok: true, clauses };
    if (!scanner.take(patterns.separator)) return scanner.fail('"and", "," or the end');
    // "a, and b" is one separator.
    scanner.take(/and(?![\w%])/iy);
  }
}

function readOperation(scanner: Scanner): string | null | ParsedExpectation {
  if (!scanner.take(patterns.of)) return null;
  const match = scanner.take(patterns.operation);
  if (!match) return scanner.fail('an operation (METHOD /path, e.g. GET /items/{item_id})');
  return `${match[1].toUpperCase()} ${match[2]}`;
}

export type ExpectationStatus = 'met' | 'not met' | 'not measurable';

export interface ClauseResult {
  clause: string;
  status: ExpectationStatus;
  /** What was measured, in the clause's unit ("212 ms", "0.8%", "14.2/min"); null when nothing could be. */
  measured: string | null;
  /** Why it is not measurable, or which operation failed a service-wide latency clause. */
  note: string | null;
}

export interface ExpectationResult {
  text: string;
  status: ExpectationStatus;
  /** Why the whole statement is not measurable (prose, with the position); null when it parsed. */
  reason: string | null;
  clauses: ClauseResult[];
}

function holds(measured: number, comparator: ExpectationComparator, value: number): boolean {
  switch (comparator) {
    case '<':
      return measured < value;
    case '<=':
      return measured <= value;
    case '>':
      return measured > value;
    default:
      return measured >= value;
  }
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

function describe(metric: ExpectationMetric, value: number): string {
  if (metric === 'requests') return `${round(value, 2)}/min`;
  if (metric === '5xx rate' || metric === '4xx rate') return `${round(value * 100, 2)}%`;
  return `${round(value, 1)} ms`;
}

/**
 * Checks a parsed statement on a window of traffic (the after-window of a deployment) lasting
 * `minutes`: every clause met -> met; any clause not met -> not met; else not measurable.
 */
export function evaluateExpectation(text: string, window: TrafficWindow, minutes: number): ExpectationResult {
  const parsed = parseExpectation(text);
  if (!parsed.ok) {
    return { text, status: 'not measurable', reason: `not a measurable statement: ${parsed.reason}`, clauses: [] };
  }
  const clauses = parsed.clauses.map((clause) => evaluateClause(clause, window, minutes));
  const status: ExpectationStatus = clauses.some((clause) => clause.status === 'not met')
    ? 'not met'
    : clauses.every((clause) => clause.status === 'met')
      ? 'met'
      : 'not measurable';
  return { text, status, reason: null, clauses };
}

function evaluateClause(clause: ExpectationClause, window: TrafficWindow, minutes: number): ClauseResult {
  const notMeasurable = (note: string): ClauseResult => ({
    clause: clause.text,
    status: 'not measurable',
    measured: null,
    note,
  });
  let scope: OperationWindowStats[];
  if (clause.operation !== null) {
    const found = window.operations.find((operation) => operation.operation === clause.operation);
    if (found === undefined || found.requests === 0) {
      if (clause.metric === 'requests') scope = [];
      else return notMeasurable(`no calls of ${clause.operation} in the window`);
    } else {
      scope = [found];
    }
  } else {
    scope = window.operations;
  }
  const requests = scope.reduce((sum, operation) => sum + operation.requests, 0);
  let measured: number;
  let note: string | null = null;
  if (clause.metric === 'requests') {
    if (minutes <= 0) return notMeasurable('the window is empty');
    measured = requests / minutes;
  } else if (clause.metric === '5xx rate' || clause.metric === '4xx rate') {
    if (requests === 0) return notMeasurable('no requests in the window');
    const key = clause.metric === '5xx rate' ? '5xx' : '4xx';
    measured = scope.reduce((sum, operation) => sum + (operation.statusClasses[key] ?? 0), 0) / requests;
  } else {
    const metric = clause.metric;
    const timed = scope.filter((operation) => operation.latencyMs !== null && operation.requests > 0);
    if (timed.length === 0) {
      return notMeasurable(requests === 0 ? 'no requests in the window' : 'no durations in this traffic source');
    }
    // Service-wide: every operation must satisfy it, so the worst one decides.
    const worst = timed.reduce((a, b) =>
      (
        clause.comparator.startsWith('<')
          ? b.latencyMs![metric] > a.latencyMs![metric]
          : b.latencyMs![metric] < a.latencyMs![metric]
      )
        ? b
        : a,
    );
    measured = worst.latencyMs![metric];
    if (clause.operation === null && timed.length > 1) note = `worst operation: ${worst.operation}`;
  }
  return {
    clause: clause.text,
    status: holds(measured, clause.comparator, clause.value) ? 'met' : 'not met',
    measured: describe(clause.metric, measured),
    note,
  };
}
