/**
 * Parses and validates configuration text. Everything is checked here, at the boundary, so the
 * rest of holdfast only sees a well-formed HoldfastConfig: an unknown key, a bad level, a missing
 * reason or a bad date is an AppError (exit 2) naming the file, the key and what was expected.
 */
import { load, YAMLException } from 'js-yaml';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import { AppError, retryAdvice } from '../errors.js';
import { parsePercent, parseWindowMinutes } from '../usage/compare.js';
import { isGlob, parseOperationPattern } from './patterns.js';
import {
  type AcceptEntry,
  type ConfigLocation,
  type DeployCompareConfig,
  FAIL_ON_LEVELS,
  type FailOn,
  type HoldfastConfig,
  type PrometheusSettings,
  RULE_LEVELS,
  type RuleLevel,
} from './types.js';

export type ConfigFormat = 'toml' | 'yaml';

export interface ParseConfigOptions {
  /** `pyproject.toml` (settings under `[tool.holdfast]`) or `holdfast.yaml`. */
  format: ConfigFormat;
  /** Absolute path of the file. */
  file: string;
  /** How messages name the file. */
  displayName: string;
  /** Folder relative paths are resolved against (the file's folder). */
  root: string;
  /** Rule ids that exist; when given, `rules` keys and accept entries must name one of them. */
  knownRules?: ReadonlySet<string>;
}

const TOP_LEVEL_KEYS = [
  'app',
  'app-dir',
  'python',
  'base',
  'spec',
  'fail-on',
  'allow-external-refs',
  'rules',
  'include',
  'exclude',
  'skip-stability',
  'deprecation',
  'accept',
  'deploy-command',
  'production-fail-on',
  'service',
  'deploy-compare',
  'prometheus',
] as const;

const PROMETHEUS_KEYS = ['url', 'selector', 'timeout-seconds', 'metrics', 'labels', 'unmatched-handler'] as const;
const PROMETHEUS_METRIC_KEYS = ['requests', 'duration'] as const;
const PROMETHEUS_LABEL_KEYS = ['handler', 'method', 'status'] as const;

/** `deploy-compare` keys: how each is read and where it goes. */
const DEPLOY_COMPARE_KEYS = {
  window: 'windowMinutes',
  'min-requests': 'minRequests',
  'investigate-5xx-increase': 'investigate5xxIncrease',
  'rollback-5xx-increase': 'rollback5xxIncrease',
  'investigate-4xx-increase': 'investigate4xxIncrease',
  'investigate-p95-ratio': 'investigateP95Ratio',
  'rollback-p95-ratio': 'rollbackP95Ratio',
  'min-p95-increase-ms': 'minP95IncreaseMs',
  'investigate-traffic-drop': 'investigateTrafficDrop',
} as const satisfies Record<string, keyof DeployCompareConfig>;

const DEPRECATION_KEYS = ['min-days'] as const;

const ACCEPT_KEYS = ['rule', 'operation', 'component', 'pointer', 'reason', 'expires'] as const;

/**
 * Validates `text` as holdfast configuration. Returns null for a `pyproject.toml` without a
 * `[tool.holdfast]` table (the project keeps no holdfast settings there).
 *
 * @example
 * const config = parseConfig('[tool.holdfast]\napp = "main:app"\n', { format: 'toml', file, displayName: 'pyproject.toml', root });
 */
export function parseConfig(text: string, options: ParseConfigOptions): HoldfastConfig | null {
  const reader = new Reader(options);
  const document = options.format === 'toml' ? parseTomlText(text, options) : parseYamlText(text, options);
  let settings: unknown;
  if (options.format === 'toml') {
    const tool = isTable(document) ? document.tool : undefined;
    if (!isTable(tool) || tool.holdfast === undefined) return null;
    settings = tool.holdfast;
    if (!isTable(settings)) throw reader.invalid([], settings, 'a table of settings ([tool.holdfast])');
  } else {
    // An empty holdfast.yaml means "all defaults".
    settings = document ?? {};
    if (!isTable(settings)) throw reader.invalid([], settings, 'a mapping of settings');
  }
  return reader.read(settings, text);
}

function parseTomlText(text: string, options: ParseConfigOptions): unknown {
  try {
    return parseToml(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = firstLine(error.message).replace(/^Invalid TOML document: /, '');
      throw parseError(options, 'TOML', reason, error.line, error.column, error);
    }
    throw parseError(options, 'TOML', error instanceof Error ? error.message : String(error), 0, 0, error);
  }
}

function parseYamlText(text: string, options: ParseConfigOptions): unknown {
  // Only comments (or nothing): js-yaml wants a document, holdfast reads "all defaults".
  if (/^(?:\s*(?:#.*)?(?:\r?\n|$))*$/.test(text)) return null;
  try {
    return load(text, { filename: options.displayName });
  } catch (error) {
    if (error instanceof YAMLException) {
      const mark = error.mark;
      throw parseError(
        options,
        'YAML',
        error.reason || firstLine(error.message),
        mark ? mark.line + 1 : 0,
        mark ? mark.column + 1 : 0,
        error,
      );
    }
    throw parseError(options, 'YAML', error instanceof Error ? error.message : String(error), 0, 0, error);
  }
}

function parseError(
  options: ParseConfigOptions,
  language: string,
  reason: string,
  line: number,
  column: number,
  cause: unknown,
): AppError {
  const at = line > 0 ? ` (line ${line}, column ${column})` : '';
  return new AppError(
    'CONFIG_INVALID',
    `Could not parse ${options.displayName}${at}: ${reason}; expected valid ${language}. ${retryAdvice(false, 'Fix the file')}`,
    { cause },
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

type Path = readonly (string | number)[];

class Reader {
  constructor(private readonly options: ParseConfigOptions) {}

  read(settings: Record<string, unknown>, text: string): HoldfastConfig {
    this.knownKeys([], settings, TOP_LEVEL_KEYS);
    const config: HoldfastConfig = {
      file: this.options.file,
      displayName: this.options.displayName,
      root: this.options.root,
      rules: {},
      include: [],
      exclude: [],
      skipStability: [],
      accept: [],
    };
    const app = this.optionalString(['app'], settings.app);
    if (app !== undefined) {
      if (!/^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*(\(\))?$/.test(app)) {
        throw this.invalid(['app'], app, 'module:attribute, for example "main:app" or "shop.api:create_app()"');
      }
      config.app = app;
    }
    const appDir = this.optionalString(['app-dir'], settings['app-dir']);
    if (appDir !== undefined) config.appDir = appDir;
    const python = this.optionalString(['python'], settings.python);
    if (python !== undefined) config.python = python;
    const base = this.optionalString(['base'], settings.base);
    if (base !== undefined) config.base = base;
    const spec = this.optionalString(['spec'], settings.spec);
    if (spec !== undefined) config.spec = spec;
    const service = this.optionalString(['service'], settings.service);
    if (service !== undefined) config.service = service;
    const deployCommand = this.optionalString(['deploy-command'], settings['deploy-command']);
    if (deployCommand !== undefined) config.deployCommand = deployCommand;
    if (settings['fail-on'] !== undefined) {
      config.failOn = this.oneOf(['fail-on'], settings['fail-on'], FAIL_ON_LEVELS) as FailOn;
    }
    if (settings['production-fail-on'] !== undefined) {
      config.productionFailOn = this.oneOf(
        ['production-fail-on'],
        settings['production-fail-on'],
        FAIL_ON_LEVELS,
      ) as FailOn;
    }
    if (settings['allow-external-refs'] !== undefined) {
      const value = settings['allow-external-refs'];
      if (typeof value !== 'boolean') throw this.invalid(['allow-external-refs'], value, 'true or false');
      config.allowExternalRefs = value;
    }
    if (settings.rules !== undefined) config.rules = this.rules(settings.rules);
    config.include = this.patterns(['include'], settings.include);
    config.exclude = this.patterns(['exclude'], settings.exclude);
    config.skipStability = this.stringList(['skip-stability'], settings['skip-stability'], 'stability levels');
    if (settings.deprecation !== undefined) {
      const table = settings.deprecation;
      if (!isTable(table)) throw this.invalid(['deprecation'], table, `a ${this.tableWord()} with min-days`);
      this.knownKeys(['deprecation'], table, DEPRECATION_KEYS);
      const minDays = table['min-days'];
      if (minDays === undefined) throw this.invalid(['deprecation', 'min-days'], minDays, 'a number of days');
      if (typeof minDays !== 'number' && typeof minDays !== 'bigint') {
        throw this.invalid(['deprecation', 'min-days'], minDays, 'a whole number of days, 0 or more');
      }
      const days = Number(minDays);
      if (!Number.isInteger(days) || days < 0) {
        throw this.invalid(['deprecation', 'min-days'], minDays, 'a whole number of days, 0 or more');
      }
      config.deprecation = { minDays: days };
    }
    if (settings.accept !== undefined) config.accept = this.acceptList(settings.accept, text);
    if (settings['deploy-compare'] !== undefined) config.deployCompare = this.deployCompare(settings['deploy-compare']);
    if (settings.prometheus !== undefined) config.prometheus = this.prometheus(settings.prometheus);
    return config;
  }

  private deployCompare(value: unknown): DeployCompareConfig {
    const path = ['deploy-compare'];
    if (!isTable(value)) throw this.invalid(path, value, `a ${this.tableWord()} of window and thresholds`);
    const keys = Object.keys(DEPLOY_COMPARE_KEYS) as Array<keyof typeof DEPLOY_COMPARE_KEYS>;
    this.knownKeys(path, value, keys);
    const result: DeployCompareConfig = {};
    for (const key of keys) {
      const item = value[key];
      if (item === undefined) continue;
      const at = [...path, key];
      const number = typeof item === 'number' || typeof item === 'bigint' ? Number(item) : undefined;
      let parsed: number | undefined;
      let expected: string;
      if (key === 'window') {
        parsed = typeof item === 'string' ? parseWindowMinutes(item) : number;
        expected = 'a duration such as "30m", "1h" or "6h" (or minutes)';
        if (parsed !== undefined && (!Number.isInteger(parsed) || parsed < 1 || parsed > 10_080)) parsed = undefined;
      } else if (key.endsWith('-increase') || key.endsWith('-drop')) {
        parsed =
          typeof item === 'string' || number !== undefined
            ? parsePercent(typeof item === 'string' ? item : number!)
            : undefined;
        expected = 'a percentage from 0% to 100%, such as "5%"';
      } else if (key === 'min-requests' || key === 'min-p95-increase-ms') {
        parsed = number !== undefined && Number.isInteger(number) && number >= 0 ? number : undefined;
        expected = 'a whole number, 0 or more';
      } else {
        parsed = number !== undefined && number >= 1 ? number : undefined;
        expected = 'a ratio of at least 1, such as 1.5';
      }
      if (parsed === undefined) throw this.invalid(at, item, expected);
      result[DEPLOY_COMPARE_KEYS[key]] = parsed;
    }
    return result;
  }

  private prometheus(value: unknown): PrometheusSettings {
    const path = ['prometheus'];
    if (!isTable(value)) throw this.invalid(path, value, `a ${this.tableWord()} with url, selector, metrics, labels`);
    this.knownKeys(path, value, PROMETHEUS_KEYS);
    const settings: PrometheusSettings = { metrics: {}, labels: {} };
    const url = this.optionalString([...path, 'url'], value.url);
    if (url !== undefined) {
      if (!/^https?:\/\/[^\s?#]+$/.test(url))
        throw this.invalid([...path, 'url'], url, 'an http(s) URL such as "http://prometheus:9090"');
      settings.url = url;
    }
    settings.selector = this.optionalString([...path, 'selector'], value.selector);
    settings.unmatchedHandler = this.optionalString([...path, 'unmatched-handler'], value['unmatched-handler']);
    const timeout = value['timeout-seconds'];
    if (timeout !== undefined) {
      const seconds = typeof timeout === 'bigint' ? Number(timeout) : timeout;
      if (typeof seconds !== 'number' || !(seconds > 0) || seconds > 3600) {
        throw this.invalid([...path, 'timeout-seconds'], timeout, 'a number of seconds above 0, at most 3600');
      }
      settings.timeoutSeconds = seconds;
    }
    const names = (key: 'metrics' | 'labels', keys: readonly string[], pattern: RegExp): Record<string, string> => {
      const table = value[key];
      if (table === undefined) return {};
      if (!isTable(table)) throw this.invalid([...path, key], table, `a ${this.tableWord()} of ${keys.join(', ')}`);
      this.knownKeys([...path, key], table, keys);
      const found: Record<string, string> = {};
      for (const [role, name] of Object.entries(table)) {
        if (typeof name !== 'string' || !pattern.test(name)) {
          throw this.invalid([...path, key, role], name, `a Prometheus ${key === 'metrics' ? 'metric' : 'label'} name`);
        }
        found[role] = name;
      }
      return found;
    };
    settings.metrics = names('metrics', PROMETHEUS_METRIC_KEYS, /^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    settings.labels = names('labels', PROMETHEUS_LABEL_KEYS, /^[a-zA-Z_][a-zA-Z0-9_]*$/);
    return settings;
  }

  private rules(value: unknown): Record<string, RuleLevel> {
    if (!isTable(value)) throw this.invalid(['rules'], value, `a ${this.tableWord()} of rule id = level`);
    const rules: Record<string, RuleLevel> = {};
    for (const [id, level] of Object.entries(value)) {
      this.knownRule(['rules', id], id, false);
      rules[id] = this.oneOf(['rules', id], level, RULE_LEVELS) as RuleLevel;
    }
    return rules;
  }

  private acceptList(value: unknown, text: string): AcceptEntry[] {
    if (!Array.isArray(value)) {
      const example = this.options.format === 'toml' ? '[[tool.holdfast.accept]] tables' : 'a list of entries';
      throw this.invalid(['accept'], value, example);
    }
    const lines = ruleLines(text);
    let cursor = 0;
    return value.map((item: unknown, index) => {
      const path = ['accept', index];
      if (!isTable(item)) throw this.invalid(path, item, `a ${this.tableWord()} with rule, operation and reason`);
      this.knownKeys(path, item, ACCEPT_KEYS);
      const rule = this.requiredString(
        [...path, 'rule'],
        item.rule,
        'a rule id, for example "response-enum-value-added"',
      );
      this.knownRule([...path, 'rule'], rule, true);
      const operation = this.optionalString([...path, 'operation'], item.operation) ?? null;
      if (operation !== null) this.checkPattern([...path, 'operation'], operation);
      const component = this.optionalString([...path, 'component'], item.component) ?? null;
      const pointer = this.optionalString([...path, 'pointer'], item.pointer) ?? null;
      if (pointer !== null && pointer !== '' && !pointer.startsWith('/')) {
        throw this.invalid([...path, 'pointer'], pointer, 'a JSON pointer starting with "/"');
      }
      const reason = this.requiredString(
        [...path, 'reason'],
        item.reason,
        'a non-empty reason saying why the change is acceptable',
      );
      const expires = item.expires === undefined ? null : this.date([...path, 'expires'], item.expires);
      const found = lines.findIndex((line, at) => at >= cursor && line.rule === rule);
      if (found >= 0) cursor = found + 1;
      const source: ConfigLocation = {
        file: this.options.displayName,
        line: found >= 0 ? lines[found].line : acceptKeyLine(text),
        pointer: `${this.options.format === 'toml' ? '/tool/holdfast' : ''}/accept/${index}`,
      };
      return { rule, operation, component, pointer, reason, expires, source };
    });
  }

  private patterns(path: Path, value: unknown): string[] {
    const patterns = this.stringList(path, value, 'path globs such as "/internal/**"');
    patterns.forEach((pattern, index) => {
      this.checkPattern([...path, index], pattern);
    });
    return patterns;
  }

  private checkPattern(path: Path, pattern: string): void {
    const parsed = parseOperationPattern(pattern);
    if ('error' in parsed) {
      throw this.invalid(path, pattern, 'an operation glob such as "GET /items/*", "* /internal/**" or "/admin/**"');
    }
  }

  private date(path: Path, value: unknown): string {
    let text: string | undefined;
    if (value instanceof TomlDate) {
      if (value.isDate()) text = value.toISOString().slice(0, 10);
    } else if (typeof value === 'string') {
      text = value;
    }
    if (text === undefined || !isCalendarDate(text)) throw this.invalid(path, value, 'a date written YYYY-MM-DD');
    return text;
  }

  /** In an accept entry (`isValue`), the id is the value and globs are allowed; in `rules` it is the key. */
  private knownRule(path: Path, id: string, isValue: boolean): void {
    const known = this.options.knownRules;
    if (known === undefined || known.has(id)) return;
    if (isValue && isGlob(id)) return;
    const suggestion = closest(id, [...known]);
    const hint = suggestion ? ` (did you mean ${suggestion}?)` : '';
    const found = isValue ? `${JSON.stringify(id)}, an unknown rule id` : 'an unknown rule id';
    throw this.invalid(path, id, `a rule id listed in docs/rules.md${hint}`, found);
  }

  private knownKeys(path: Path, table: Record<string, unknown>, allowed: readonly string[]): void {
    for (const key of Object.keys(table)) {
      if (allowed.includes(key)) continue;
      const suggestion = closest(key, allowed);
      const hint = suggestion ? ` (did you mean ${suggestion}?)` : '';
      throw this.invalid([...path, key], key, `one of ${allowed.join(', ')}${hint}`, 'not a known key');
    }
  }

  private oneOf(path: Path, value: unknown, allowed: readonly string[]): string {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw this.invalid(path, value, `one of ${allowed.join(', ')}`);
    }
    return value;
  }

  private optionalString(path: Path, value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw this.invalid(path, value, 'a non-empty string');
    return value;
  }

  private requiredString(path: Path, value: unknown, expected: string): string {
    if (typeof value !== 'string' || value.trim() === '') throw this.invalid(path, value, expected);
    return value;
  }

  private stringList(path: Path, value: unknown, what: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw this.invalid(path, value, `a list of ${what}`);
    return value.map((item: unknown, index) => {
      if (typeof item !== 'string' || item.trim() === '')
        throw this.invalid([...path, index], item, 'a non-empty string');
      return item;
    });
  }

  private tableWord(): string {
    return this.options.format === 'toml' ? 'table' : 'mapping';
  }

  /** `Invalid configuration in FILE: KEY is FOUND; expected EXPECTED. Fix the file; ...` */
  invalid(path: Path, value: unknown, expected: string, found?: string): AppError {
    const key = this.keyName(path);
    const subject = key === '' ? 'the settings' : key;
    return new AppError(
      'CONFIG_INVALID',
      `Invalid configuration in ${this.options.displayName}: ${subject} is ${found ?? this.describe(value)}; expected ${expected}. ${retryAdvice(false, 'Fix the file')}`,
    );
  }

  private keyName(path: Path): string {
    const prefix = this.options.format === 'toml' ? ['tool', 'holdfast'] : [];
    let name = '';
    for (const segment of [...prefix, ...path]) {
      if (typeof segment === 'number') name += `[${segment}]`;
      else name += `${name === '' ? '' : '.'}${/^[A-Za-z0-9_-]+$/.test(segment) ? segment : JSON.stringify(segment)}`;
    }
    return path.length === 0 && this.options.format === 'yaml' ? '' : name;
  }

  private describe(value: unknown): string {
    if (value === undefined) return 'missing';
    if (value === null) return 'null';
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
    if (value instanceof Date) return `the date-time ${value.toISOString()}`;
    if (Array.isArray(value)) return 'a list';
    return `a ${this.tableWord()}`;
  }
}

/** Every `rule = "..."` / `rule: ...` in the text, in order: where each accept entry is written. */
function ruleLines(text: string): { rule: string; line: number }[] {
  const found: { rule: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    for (const match of line.matchAll(/(?:^|[\s{,-])rule\s*[:=]\s*["']?([^"',}\s]+)/g)) {
      found.push({ rule: match[1], line: index + 1 });
    }
  });
  return found;
}

function acceptKeyLine(text: string): number {
  const index = text
    .split(/\r?\n/)
    .findIndex((line) => /^\s*(\[\[tool\.holdfast\.accept\]\]|accept\s*[:=])/.test(line));
  return index + 1 || 1;
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** The candidate closest to `word` (snake_case spelled kebab-case, or within 2 edits), if any. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const kebab = word.replace(/_/g, '-').toLowerCase();
  if (candidates.includes(kebab)) return kebab;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(kebab, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(left: string, right: string): number {
  if (Math.abs(left.length - right.length) > 2) return 3;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[right.length];
}
