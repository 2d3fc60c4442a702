/**
 * Access-log line parsers. Each turns one line into a `LogRecord` (reused between lines, so a
 * million lines allocate no million objects) or returns why it could not.
 *
 * - `uvicorn`: uvicorn's default access log, `%(levelprefix)s %(client_addr)s - "%(request_line)s"
 *   %(status_code)s` (`INFO:     127.0.0.1:51234 - "GET /items/3 HTTP/1.1" 200 OK`); also without
 *   the level prefix (gunicorn running `uvicorn.workers.UvicornWorker` logs the bare message,
 *   `127.0.0.1:51234 - "GET /items/3 HTTP/1.1" 200`) and with a leading `YYYY-MM-DD HH:MM:SS`
 *   (a `%(asctime)s` added to the format; read as UTC). No duration and no user agent, ever.
 * - `combined`: nginx's and Apache's `combined`, which is also gunicorn's default
 *   `access_log_format` (`%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"`); the
 *   Common Log Format (no referer and user agent) too. One optional token after the user agent is
 *   the duration: with a decimal point it is seconds (nginx `$request_time`, gunicorn `%(L)s`),
 *   digits only are microseconds (gunicorn `%(D)s`, Apache `%D`), unless a unit is forced.
 * - `json`: one JSON object per line (structlog, loguru `serialize=True`, ELK/ECS), field names
 *   configurable with dotted paths, common names tried by default (see `defaultJsonFields`).
 */
import { AppError, retryAdvice } from '../errors.js';

/** One parsed line. Fields a format cannot give stay undefined. */
export interface LogRecord {
  method: string;
  /** The request target as logged: path, maybe with query string. */
  target: string;
  status: number;
  /** Milliseconds since the epoch. */
  time: number | undefined;
  durationMs: number | undefined;
  address: string | undefined;
  userAgent: string | undefined;
  /** The configured client header's value (JSON lines only). */
  header: string | undefined;
}

export function emptyRecord(): LogRecord {
  return {
    method: '',
    target: '',
    status: 0,
    time: undefined,
    durationMs: undefined,
    address: undefined,
    userAgent: undefined,
    header: undefined,
  };
}

export type LogFormatName = 'uvicorn' | 'combined' | 'json';
/** What `--log-format` accepts: the parser names plus the servers' names for them. */
export type LogFormatOption = LogFormatName | 'auto' | 'nginx' | 'apache' | 'gunicorn';
export const logFormatOptions: readonly LogFormatOption[] = [
  'auto',
  'uvicorn',
  'gunicorn',
  'nginx',
  'apache',
  'combined',
  'json',
];

export type DurationUnit = 's' | 'ms' | 'us' | 'ns';

export interface LogParser {
  name: LogFormatName;
  /** Parses `line` into `record`; returns undefined on success, else a short reason. */
  parse(line: string, record: LogRecord): string | undefined;
}

const unitToMs: Record<DurationUnit, number> = { s: 1000, ms: 1, us: 0.001, ns: 0.000001 };

function isUpperLetters(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < 65 || code > 90) return false;
  }
  return true;
}

function threeDigitStatus(line: string, at: number): number {
  const a = line.charCodeAt(at) - 48;
  const b = line.charCodeAt(at + 1) - 48;
  const c = line.charCodeAt(at + 2) - 48;
  if (a < 1 || a > 5 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

/**
 * Splits `METHOD TARGET[ HTTP/x]` held in `line[start, end)` into the record; false when it is not
 * a request line (nginx logs garbage such as TLS handshakes sent to a plain-HTTP port as-is).
 */
function readRequestLine(line: string, start: number, end: number, record: LogRecord): boolean {
  const space = line.indexOf(' ', start);
  if (space === -1 || space >= end || !isUpperLetters(line, start, space)) return false;
  let targetEnd = end;
  const last = line.lastIndexOf(' ', end - 1);
  if (last > space && line.startsWith('HTTP/', last + 1)) targetEnd = last;
  if (targetEnd <= space + 1) return false;
  record.method = line.slice(start, space);
  record.target = line.slice(space + 1, targetEnd);
  return true;
}

const monthIndex: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return Number.NaN;
  return a * 10 + b;
}

/** Common Log Format time `10/Oct/2000:13:55:36 -0700`, with a memo of the day part per zone. */
class ClfTimes {
  private day = '';
  private zone = '';
  private dayStart = 0;

  parse(line: string, start: number, end: number): number | undefined {
    // dd/Mon/yyyy:HH:MM:SS +zzzz = 26 characters
    if (end - start !== 26) return undefined;
    // Same day and zone as the line before (almost always): compare in place, allocate nothing.
    if (!line.startsWith(this.day, start) || !line.startsWith(this.zone, start + 20) || this.day === '') {
      const day = twoDigits(line, start);
      const month = monthIndex[line.slice(start + 3, start + 6)];
      const year = Number(line.slice(start + 7, start + 11));
      const sign = line.charCodeAt(start + 21) === 45 ? -1 : 1;
      const offsetMinutes = twoDigits(line, start + 22) * 60 + twoDigits(line, start + 24);
      if (month === undefined || Number.isNaN(day) || Number.isNaN(year) || Number.isNaN(offsetMinutes)) {
        return undefined;
      }
      this.day = line.slice(start, start + 11);
      this.zone = line.slice(start + 20, end);
      this.dayStart = Date.UTC(year, month, day) - sign * offsetMinutes * 60_000;
    }
    const hours = twoDigits(line, start + 12);
    const minutes = twoDigits(line, start + 15);
    const seconds = twoDigits(line, start + 18);
    const total = hours * 3_600_000 + minutes * 60_000 + seconds * 1000;
    return Number.isNaN(total) ? undefined : this.dayStart + total;
  }
}

/** Options of the `combined` parser. */
export interface CombinedOptions {
  /** Unit of the optional last token; `auto`: decimal point = seconds, digits only = microseconds. */
  durationUnit?: DurationUnit | 'auto';
}

export function combinedParser(options: CombinedOptions = {}): LogParser {
  const unit = options.durationUnit ?? 'auto';
  const times = new ClfTimes();
  return {
    name: 'combined',
    parse(line, record) {
      const firstSpace = line.indexOf(' ');
      if (firstSpace <= 0) return 'no remote address';
      const open = line.indexOf(' [', firstSpace);
      if (open === -1) return 'no [time]';
      const close = line.indexOf('] "', open + 2);
      if (close === -1) return 'no quoted request after [time]';
      const requestStart = close + 3;
      const requestEnd = line.indexOf('" ', requestStart);
      if (requestEnd === -1) return 'unterminated request';
      if (!readRequestLine(line, requestStart, requestEnd, record)) return 'request is not "METHOD PATH PROTOCOL"';
      const status = threeDigitStatus(line, requestEnd + 2);
      if (status < 0) return 'no status after the request';
      record.status = status;
      record.time = times.parse(line, open + 2, close);
      record.address = line.slice(0, firstSpace);
      record.header = undefined;
      record.userAgent = undefined;
      record.durationMs = undefined;
      // Tail: ` BYTES "REFERER" "USER-AGENT"[ DURATION]`; the user agent may itself hold quotes.
      let uaEnd = line.length - 1;
      if (line.charCodeAt(uaEnd) !== 34) {
        const lastSpace = line.lastIndexOf(' ');
        if (lastSpace > requestEnd + 5 && line.charCodeAt(lastSpace - 1) === 34) {
          const token = line.slice(lastSpace + 1);
          record.durationMs = readDuration(token, unit);
          uaEnd = lastSpace - 1;
        } else {
          // Common Log Format: nothing after the byte count.
          return undefined;
        }
      }
      const uaStart = line.lastIndexOf('" "', uaEnd - 1);
      if (uaStart > requestEnd) record.userAgent = line.slice(uaStart + 3, uaEnd);
      return undefined;
    },
  };
}

function readDuration(token: string, unit: DurationUnit | 'auto'): number | undefined {
  if (token === '-' || token === '') return undefined;
  const value = Number(token);
  if (!Number.isFinite(value) || value < 0) return undefined;
  if (unit === 'auto') return token.includes('.') ? value * 1000 : value / 1000;
  return value * unitToMs[unit];
}

const isoPrefix = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?\s+/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters.
const ansiCodes = /\u001b\[[0-9;]*m/g;

export function uvicornParser(): LogParser {
  return {
    name: 'uvicorn',
    parse(input, record) {
      const line = input.indexOf('\u001b') === -1 ? input : input.replace(ansiCodes, '');
      let start = 0;
      record.time = undefined;
      const firstCode = line.charCodeAt(0);
      if (firstCode >= 48 && firstCode <= 57) {
        const match = isoPrefix.exec(line);
        if (match) {
          record.time = Date.UTC(
            Number(match[1]),
            Number(match[2]) - 1,
            Number(match[3]),
            Number(match[4]),
            Number(match[5]),
            Number(match[6]),
          );
          start = match[0].length;
        }
      }
      // `INFO:     ` (levelprefix, padded to 9 characters) when uvicorn formats it itself.
      let cursor = start;
      while (cursor < line.length && line.charCodeAt(cursor) >= 65 && line.charCodeAt(cursor) <= 90) cursor++;
      if (cursor > start && line.charCodeAt(cursor) === 58) {
        cursor++;
        while (line.charCodeAt(cursor) === 32) cursor++;
        start = cursor;
      }
      let address: string | undefined;
      let requestStart: number;
      if (line.startsWith('- "', start)) {
        // No client address (a server on a Unix socket): uvicorn logs an empty one.
        requestStart = start + 3;
      } else {
        const addressEnd = line.indexOf(' - "', start);
        if (addressEnd <= start) return 'no "ADDRESS - " before the request';
        address = line.slice(start, addressEnd);
        if (address.indexOf(' ') !== -1) return 'no "ADDRESS - " before the request';
        requestStart = addressEnd + 4;
      }
      const requestEnd = line.indexOf('" ', requestStart);
      if (requestEnd === -1) return 'unterminated request';
      if (!readRequestLine(line, requestStart, requestEnd, record)) return 'request is not "METHOD PATH PROTOCOL"';
      const status = threeDigitStatus(line, requestEnd + 2);
      if (status < 0) return 'no status after the request';
      const after = line.charCodeAt(requestEnd + 5);
      if (!Number.isNaN(after) && after !== 32) return 'no status after the request';
      record.status = status;
      record.address = address;
      record.durationMs = undefined;
      record.userAgent = undefined;
      record.header = undefined;
      return undefined;
    },
  };
}

/** Field names of JSON lines: dotted paths into the object (`http.request.method`). */
export interface JsonFields {
  method?: string;
  path?: string;
  /** A whole request line (`"GET /items HTTP/1.1"`), used when method and path are absent. */
  request?: string;
  status?: string;
  duration?: string;
  /** Unit of `duration`; by default taken from the field name (see `defaultJsonFields`). */
  durationUnit?: DurationUnit;
  timestamp?: string;
  address?: string;
  userAgent?: string;
  /** The header that identifies the client, as logged (`headers.x-client-id`, `client_id`). */
  header?: string;
}

/**
 * Names tried, in order, for each field not configured. Durations carry their unit: `*_ms` and
 * bare `duration`/`latency` are milliseconds, `request_time`/`elapsed`/`process_time` seconds
 * (nginx, Starlette middlewares), `event.duration` nanoseconds (ECS), `*_us` microseconds.
 */
export const defaultJsonFields = {
  method: ['method', 'http.request.method', 'http.method', 'request.method', 'request_method'],
  path: ['path', 'url.path', 'http.path', 'request.path', 'http.target', 'request_uri', 'uri', 'url', 'http.url'],
  request: ['request', 'request_line', 'http.request_line'],
  status: ['status', 'status_code', 'http.response.status_code', 'http.status_code', 'response.status_code'],
  duration: [
    ['duration_ms', 'ms'],
    ['duration', 'ms'],
    ['latency_ms', 'ms'],
    ['latency', 'ms'],
    ['elapsed_ms', 'ms'],
    ['response_time_ms', 'ms'],
    ['duration_us', 'us'],
    ['request_time', 's'],
    ['elapsed', 's'],
    ['process_time', 's'],
    ['duration_s', 's'],
    ['event.duration', 'ns'],
  ] as Array<[string, DurationUnit]>,
  timestamp: ['timestamp', '@timestamp', 'time', 'ts', 'asctime', 'record.time.timestamp', 'time_local'],
  address: ['client_addr', 'client.ip', 'client.address', 'source.ip', 'source.address', 'remote_addr', 'client_ip'],
  userAgent: ['user_agent.original', 'user_agent', 'http_user_agent', 'userAgent', 'http.user_agent', 'ua'],
};

type Getter = (object: Record<string, unknown>) => unknown;

function getter(path: string): Getter {
  const parts = path.split('.');
  return (object) => {
    // ELK often flattens (`"http.request.method": "GET"`): the literal key wins.
    if (path in object) return object[path];
    let value: unknown = object;
    for (const part of parts) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  };
}

/** Tries the configured path, else each default in order, remembering the first that answers. */
function fieldReader(configured: string | undefined, defaults: readonly string[]): Getter {
  if (configured !== undefined) return getter(configured);
  const getters = defaults.map(getter);
  let found: Getter | undefined;
  return (object) => {
    if (found) {
      const value = found(object);
      if (value !== undefined && value !== null) return value;
    }
    for (const candidate of getters) {
      const value = candidate(object);
      if (value !== undefined && value !== null) {
        found = candidate;
        return value;
      }
    }
    return undefined;
  };
}

const clfTimeShape = /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}$/;

function readTimestamp(value: unknown, clf: ClfTimes): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Seconds (loguru's record.time.timestamp, Unix time) or milliseconds, told apart by size.
    return value < 1e11 ? value * 1000 : value;
  }
  if (typeof value !== 'string' || value === '') return undefined;
  if (clfTimeShape.test(value)) return clf.parse(value, 0, value.length);
  // Python's default asctime `2024-05-01 12:00:00,123`: comma decimal separator, read as UTC.
  const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d+$/.test(value)
    ? `${value.replace(' ', 'T').replace(',', '.')}Z`
    : value;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function jsonParser(fields: JsonFields = {}): LogParser {
  const method = fieldReader(fields.method, defaultJsonFields.method);
  const path = fieldReader(fields.path, defaultJsonFields.path);
  const request = fieldReader(fields.request, defaultJsonFields.request);
  const status = fieldReader(fields.status, defaultJsonFields.status);
  const timestamp = fieldReader(fields.timestamp, defaultJsonFields.timestamp);
  const address = fieldReader(fields.address, defaultJsonFields.address);
  const userAgent = fieldReader(fields.userAgent, defaultJsonFields.userAgent);
  const header = fields.header === undefined ? undefined : getter(fields.header);
  const durations: Array<[Getter, DurationUnit]> =
    fields.duration !== undefined
      ? [[getter(fields.duration), fields.durationUnit ?? 'ms']]
      : defaultJsonFields.duration.map(([name, unit]) => [getter(name), fields.durationUnit ?? unit]);
  const clf = new ClfTimes();
  const requestRecord = emptyRecord();
  return {
    name: 'json',
    parse(line, record) {
      const first = line.charCodeAt(0) === 123 ? 0 : line.indexOf('{');
      if (first === -1) return 'not a JSON object';
      let parsed: unknown;
      try {
        parsed = JSON.parse(first === 0 ? line : line.slice(first));
      } catch {
        return 'not valid JSON';
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not a JSON object';
      const object = parsed as Record<string, unknown>;
      const methodValue = asText(method(object));
      const pathValue = asText(path(object));
      if (methodValue !== undefined && pathValue !== undefined) {
        record.method = methodValue.toUpperCase();
        record.target = pathValue;
      } else {
        const requestLine = asText(request(object));
        if (requestLine === undefined) return 'no method and path fields';
        if (!readRequestLine(requestLine, 0, requestLine.length, requestRecord)) return 'no method and path fields';
        record.method = requestRecord.method;
        record.target = requestRecord.target;
      }
      const statusValue = Number(status(object));
      if (!Number.isInteger(statusValue) || statusValue < 100 || statusValue > 599) return 'no status field';
      record.status = statusValue;
      record.time = readTimestamp(timestamp(object), clf);
      record.address = asText(address(object));
      record.userAgent = asText(userAgent(object));
      record.header = header ? asText(header(object)) : undefined;
      record.durationMs = undefined;
      for (const [read, unit] of durations) {
        const value = read(object);
        const number = typeof value === 'string' && value !== '' ? Number(value) : value;
        if (typeof number === 'number' && Number.isFinite(number) && number >= 0) {
          record.durationMs = number * unitToMs[unit];
          break;
        }
      }
      return undefined;
    },
  };
}

/** Options shared by every way of choosing a parser. */
export interface FormatOptions {
  /** Unit of the last token of `combined` lines. */
  durationUnit?: DurationUnit | 'auto';
  jsonFields?: JsonFields;
}

export function parserFor(name: LogFormatName, options: FormatOptions = {}): LogParser {
  if (name === 'uvicorn') return uvicornParser();
  if (name === 'json') return jsonParser(options.jsonFields);
  return combinedParser({ durationUnit: options.durationUnit });
}

/** The parser a `--log-format` value names (`nginx`, `apache`, `gunicorn` are `combined`). */
export function resolveFormatName(option: Exclude<LogFormatOption, 'auto'>): LogFormatName {
  if (option === 'nginx' || option === 'apache' || option === 'gunicorn') return 'combined';
  return option;
}

/** What a file's lines were found to carry, from the sample the format was chosen on. */
export interface FormatCapabilities {
  timestamp: boolean;
  duration: boolean;
  userAgent: boolean;
  address: boolean;
  header: boolean;
}

export interface Detection {
  parser: LogParser;
  capabilities: FormatCapabilities;
  /** Lines of the sample the chosen parser read, out of the sample's non-empty lines. */
  parsed: number;
  sampled: number;
}

/** How many non-empty lines auto-detection looks at. */
export const DETECTION_SAMPLE = 50;

function capabilitiesOf(parser: LogParser, lines: readonly string[]): { parsed: number; caps: FormatCapabilities } {
  const record = emptyRecord();
  const caps: FormatCapabilities = {
    timestamp: false,
    duration: false,
    userAgent: false,
    address: false,
    header: false,
  };
  let parsed = 0;
  for (const line of lines) {
    if (parser.parse(line, record) !== undefined) continue;
    parsed++;
    if (record.time !== undefined) caps.timestamp = true;
    if (record.durationMs !== undefined) caps.duration = true;
    if (record.userAgent !== undefined) caps.userAgent = true;
    if (record.address !== undefined) caps.address = true;
    if (record.header !== undefined) caps.header = true;
  }
  return { parsed, caps };
}

/**
 * Chooses the parser that reads the most of `sample` (the first non-empty lines of a file); ties
 * go to json, then uvicorn, then combined. With `forced`, only that parser is tried, and the
 * capabilities still come from the sample. Throws when no parser reads any sample line.
 */
export function detectFormat(
  sample: readonly string[],
  options: FormatOptions & { forced?: LogFormatName; source?: string } = {},
): Detection {
  const lines = sample.filter((line) => line.trim() !== '').slice(0, DETECTION_SAMPLE);
  const names: LogFormatName[] = options.forced ? [options.forced] : ['json', 'uvicorn', 'combined'];
  let best: Detection | undefined;
  for (const name of names) {
    const parser = parserFor(name, options);
    const { parsed, caps } = capabilitiesOf(parser, lines);
    if (!best || parsed > best.parsed) best = { parser, capabilities: caps, parsed, sampled: lines.length };
  }
  if (!best || (best.parsed === 0 && lines.length > 0)) {
    const where = options.source ? ` "${options.source}"` : '';
    const first = lines[0] ?? '';
    const shown = first.length > 120 ? `${first.slice(0, 120)}...` : first;
    const expected = options.forced
      ? `the ${options.forced} format you chose`
      : 'a uvicorn, gunicorn, nginx/Apache combined or JSON-lines access log';
    throw new AppError(
      'PARSE_FAILED',
      `Could not recognise the access log${where}: none of its first ${lines.length} lines parse (first: ${JSON.stringify(shown)}); expected ${expected}. ${retryAdvice(false, 'Choose the format with --log-format or fix the input')}`,
    );
  }
  return best;
}
