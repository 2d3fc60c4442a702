#!/usr/bin/env node
// holdfast benchmark: wall time and peak memory of `holdfast diff` against the
// peer tools api-smart-diff and openapi-diff, on consecutive versions of real
// API descriptions from ../shared/corpus/history/, next to two floors (bare
// Node start-up, and reading + parsing both files with the fastest parser).
//
// Every measurement is a fresh child process, so wall time includes Node
// start-up and module loading, and peak RSS is that process's own.
//
//   npm run bench                       default pairs, 5 runs each
//   npm run bench -- --all              every consecutive pair in the corpus
//   npm run bench -- --runs 3 --tools holdfast,api-smart-diff --markdown
//
// See docs/performance.md for what is measured and the targets.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { detectSpecVersion } from './lib/spec-input.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// HOLDFAST_CORPUS: the corpus folder when it is not beside the repository.
const corpusRoot = path.resolve(process.env.HOLDFAST_CORPUS ?? path.resolve(repoRoot, '../shared/corpus'), 'history');
const GNU_TIME = '/usr/bin/time';

/** One consecutive pair per large API: the default set. */
const DEFAULT_PAIRS = [
  ['github-api', '01', '02'],
  ['stripe', '01', '02'],
  ['kubernetes', '06', '07'],
  ['cloudflare', '04', '05'],
  ['box', '01', '02'],
  ['openai', '01', '02'],
];

/**
 * A 1.4 MB OpenAPI 3.0 YAML pair, generated at run time from a JSON history (the corpus' only YAML
 * history is OpenAI's 2.8 MB 3.1 document): `box-yaml` in the tables.
 */
const YAML_FROM_JSON = [['box', '01', '02']];

const PEERS = ['api-smart-diff', 'openapi-diff'];
const ALL_TOOLS = ['holdfast', ...PEERS];

/**
 * @typedef {object} Options
 * @property {boolean} all
 * @property {number} runs
 * @property {string[]} tools
 * @property {boolean} markdown
 * @property {number} timeoutSeconds
 * @property {string[]} only
 * @property {boolean} floors
 * @property {boolean} gnuTime
 */

/**
 * @typedef {object} Pair
 * @property {string} api
 * @property {string} base      absolute path
 * @property {string} revision  absolute path
 * @property {string} label     e.g. "github-api 01→02"
 * @property {string} input     e.g. "JSON, OpenAPI 3.0.3, 3.8 + 3.8 MB"
 * @property {boolean} yaml
 * @property {boolean} large    both files at least 1 MB
 */

/**
 * @typedef {object} Tool
 * @property {string} id
 * @property {string} label
 * @property {'floor' | 'holdfast' | 'peer'} kind
 * @property {(pair: Pair) => string[]} args  arguments after `node`
 * @property {number[]} okExit
 * @property {number | null} naExit   exit code meaning "input not supported"
 */

/**
 * @typedef {object} Sample
 * @property {'ok' | 'failed' | 'timeout' | 'n/a'} status
 * @property {number} wallMs
 * @property {number | null} rssKiB
 * @property {number | null} cpuMs   user + system CPU time of the process
 * @property {number | null} exitCode
 * @property {string | null} signal
 * @property {string} reason   short explanation for failures
 * @property {string} summary  what the tool reported (findings count), when known
 */

/**
 * @typedef {object} Cell
 * @property {Tool} tool
 * @property {Sample[]} samples
 * @property {Sample | null} failure
 */

const USAGE = `usage: npm run bench -- [options]

  --all               every consecutive pair in ${path.relative(repoRoot, corpusRoot)}/
                      (default: one pair per large API: ${DEFAULT_PAIRS.map(([a, b, c]) => `${a} ${b}->${c}`).join(', ')})
  --only A,B          only these API folders (e.g. --only github-api,openai)
  --runs N            measured runs per tool per pair (default 5); the median is reported
  --tools LIST        comma-separated subset of ${ALL_TOOLS.join(',')} (default: all)
  --timeout S         per-run timeout in seconds (default 120)
  --no-floors         skip the floor rows (Node start-up, read + parse)
  --no-gnu-time       measure peak RSS with a preloaded probe instead of ${GNU_TIME}
  --markdown          print the results as Markdown (for docs/performance.md)
  -h, --help          this text
`;

/**
 * @param {string[]} argv
 * @returns {Options}
 */
function parseArgs(argv) {
  /** @type {Options} */
  const options = {
    all: false,
    runs: 5,
    tools: [...ALL_TOOLS],
    markdown: false,
    timeoutSeconds: 120,
    only: [],
    floors: true,
    gnuTime: true,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    /** @returns {string} */
    const value = () => {
      if (inline !== undefined) return inline;
      i += 1;
      const next = argv[i];
      if (next === undefined) usageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--all':
        options.all = true;
        break;
      case '--markdown':
        options.markdown = true;
        break;
      case '--no-floors':
        options.floors = false;
        break;
      case '--no-gnu-time':
        options.gnuTime = false;
        break;
      case '--runs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) usageError('--runs needs a positive integer');
        options.runs = n;
        break;
      }
      case '--timeout': {
        const n = Number(value());
        if (!Number.isFinite(n) || n <= 0) usageError('--timeout needs a positive number of seconds');
        options.timeoutSeconds = n;
        break;
      }
      case '--tools': {
        const tools = value()
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        const unknown = tools.filter((t) => !ALL_TOOLS.includes(t));
        if (unknown.length > 0 || tools.length === 0) {
          usageError(`unknown tool(s) ${unknown.join(', ')}; expected a subset of ${ALL_TOOLS.join(',')}`);
        }
        options.tools = ALL_TOOLS.filter((t) => tools.includes(t));
        break;
      }
      case '--only':
        options.only = value()
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        break;
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        usageError(`unknown option ${arg}`);
    }
  }
  return options;
}

/**
 * @param {string} message
 * @returns {never}
 */
function usageError(message) {
  process.stderr.write(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** @param {string} message */
function progress(message) {
  process.stderr.write(`${message}\n`);
}

// ---------------------------------------------------------------- the corpus

/** @param {string} api @returns {string[]} file names, sorted */
function versionsOf(api) {
  const dir = path.join(corpusRoot, api);
  return readdirSync(dir)
    .filter((name) => /\.(json|ya?ml)$/i.test(name))
    .sort();
}

/**
 * @param {string} api
 * @param {string} baseName
 * @param {string} revisionName
 * @returns {Pair}
 */
function makePair(api, baseName, revisionName) {
  const base = path.join(corpusRoot, api, baseName);
  const revision = path.join(corpusRoot, api, revisionName);
  const yaml = /\.ya?ml$/i.test(base);
  const baseBytes = statSync(base).size;
  const revisionBytes = statSync(revision).size;
  const detected = detectSpecVersion(readFileSync(base, 'utf8'));
  const version = `${detected.kind === 'swagger2' ? 'Swagger' : 'OpenAPI'} ${detected.version}`;
  const mb = (/** @type {number} */ bytes) => (bytes / 1048576).toFixed(1);
  return {
    api,
    base,
    revision,
    label: `${api} ${baseName.slice(0, 2)}→${revisionName.slice(0, 2)}`,
    input: `${yaml ? 'YAML' : 'JSON'}, ${version}, ${mb(baseBytes)} + ${mb(revisionBytes)} MB`,
    yaml,
    large: baseBytes >= 1048576 && revisionBytes >= 1048576,
  };
}

/**
 * The YAML pairs converted from JSON histories, written into `tmp` (key order kept; js-yaml's
 * block style, as hand-kept specs are written).
 * @param {Options} options
 * @param {string} tmp
 * @returns {Promise<Pair[]>}
 */
async function yamlPairs(options, tmp) {
  if (options.all || (options.only.length > 0 && !options.only.includes('box-yaml'))) return [];
  const { dump } = await import('js-yaml');
  /** @type {Pair[]} */
  const pairs = [];
  for (const [api, from, to] of YAML_FROM_JSON) {
    if (!existsSync(path.join(corpusRoot, api))) continue;
    const files = versionsOf(api);
    const names = [from, to].map((prefix) => files.find((f) => f.startsWith(`${prefix}-`)));
    if (names.some((name) => name === undefined)) continue;
    const folder = path.join(tmp, `${api}-yaml`);
    mkdirSync(folder, { recursive: true });
    const [base, revision] = names.map((name) => {
      const target = path.join(folder, String(name).replace(/\.json$/, '.yaml'));
      writeFileSync(
        target,
        dump(JSON.parse(readFileSync(path.join(corpusRoot, api, String(name)), 'utf8')), { lineWidth: -1 }),
      );
      return target;
    });
    const pair = makePair(
      api,
      path.relative(path.join(corpusRoot, api), base),
      path.relative(path.join(corpusRoot, api), revision),
    );
    pairs.push({ ...pair, api: `${api}-yaml`, label: `${api}-yaml ${String(from)}→${String(to)}` });
  }
  return pairs;
}

/** @param {Options} options @returns {Pair[]} */
function selectPairs(options) {
  if (!existsSync(corpusRoot)) {
    progress(`bench: corpus not found at ${corpusRoot} (expected ../shared/corpus/history/ beside the repository)`);
    process.exit(2);
  }
  /** @type {Pair[]} */
  const pairs = [];
  if (options.all) {
    const apis = readdirSync(corpusRoot)
      .filter((name) => statSync(path.join(corpusRoot, name)).isDirectory())
      .sort();
    for (const api of apis) {
      const files = versionsOf(api);
      for (let i = 0; i + 1 < files.length; i += 1) {
        pairs.push(makePair(api, /** @type {string} */ (files[i]), /** @type {string} */ (files[i + 1])));
      }
    }
  } else {
    for (const [api, from, to] of DEFAULT_PAIRS) {
      if (!existsSync(path.join(corpusRoot, api))) {
        progress(`bench: skipping ${api}: not in the corpus`);
        continue;
      }
      const files = versionsOf(api);
      const base = files.find((f) => f.startsWith(`${from}-`));
      const revision = files.find((f) => f.startsWith(`${to}-`));
      if (!base || !revision) {
        progress(`bench: skipping ${api} ${from}->${to}: version files not found`);
        continue;
      }
      pairs.push(makePair(api, base, revision));
    }
  }
  const selected = options.only.length > 0 ? pairs.filter((p) => options.only.includes(p.api)) : pairs;
  if (selected.length === 0 && !options.only.includes('box-yaml')) usageError('no pair selected');
  return selected;
}

// ----------------------------------------------------------------- the tools

/** @param {Options} options @returns {Tool[]} */
function selectTools(options) {
  /** @type {Tool[]} */
  const tools = [];
  if (options.floors) {
    tools.push({
      id: 'node',
      label: 'floor: Node start-up (node -e 0)',
      kind: 'floor',
      args: () => ['-e', '0'],
      okExit: [0],
      naExit: null,
    });
    tools.push({
      id: 'parse',
      label: 'floor: read + parse both files',
      kind: 'floor',
      args: (pair) => [path.join(repoRoot, 'bench/floor/parse.js'), pair.base, pair.revision],
      okExit: [0],
      naExit: null,
    });
  }
  if (options.tools.includes('holdfast')) {
    tools.push({
      id: 'holdfast',
      label: 'holdfast',
      kind: 'holdfast',
      args: (pair) => [path.join(repoRoot, 'bin/holdfast.js'), 'diff', pair.base, pair.revision, '--format', 'json'],
      okExit: [0, 1],
      naExit: null,
    });
  }
  for (const peer of PEERS) {
    if (!options.tools.includes(peer)) continue;
    tools.push({
      id: peer,
      label: peer,
      kind: 'peer',
      args: (pair) => [path.join(repoRoot, `bench/peers/${peer}.js`), pair.base, pair.revision],
      okExit: [0],
      naExit: 4,
    });
  }
  return tools;
}

// ------------------------------------------------------------ one measurement

/**
 * Run `node ...args` once in a fresh process and measure it.
 * @param {string[]} nodeArgs
 * @param {{ timeoutMs: number, gnuTime: boolean, tmp: string }} how
 * @returns {Promise<{ exitCode: number | null, signal: string | null, wallMs: number, rssKiB: number | null, cpuMs: number | null, stdout: string, stderr: string, timedOut: boolean }>}
 */
function runOnce(nodeArgs, how) {
  const stdoutPath = path.join(how.tmp, 'stdout');
  const stderrPath = path.join(how.tmp, 'stderr');
  const timePath = path.join(how.tmp, 'time');
  const rssPath = path.join(how.tmp, 'rss');
  for (const file of [timePath, rssPath]) rmSync(file, { force: true });
  const out = openSync(stdoutPath, 'w');
  const err = openSync(stderrPath, 'w');

  /** @type {string} */
  let command;
  /** @type {string[]} */
  let args;
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  if (how.gnuTime) {
    command = GNU_TIME;
    args = ['-f', '%e %M %U %S', '-o', timePath, process.execPath, ...nodeArgs];
  } else {
    command = process.execPath;
    args = ['--import', pathToFileURL(path.join(repoRoot, 'bench/lib/rss-probe.js')).href, ...nodeArgs];
    env.HOLDFAST_BENCH_RSS_FILE = rssPath;
  }

  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', out, err], detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        // The child leads its own process group (detached): end the whole group.
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, how.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      closeSync(out);
      closeSync(err);
      resolve({
        exitCode: null,
        signal: null,
        wallMs: 0,
        rssKiB: null,
        cpuMs: null,
        stdout: '',
        stderr: String(error),
        timedOut: false,
      });
    });
    child.on('exit', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      closeSync(out);
      closeSync(err);
      let exitCode = code;
      /** @type {string | null} */
      let childSignal = signal;
      /** @type {number | null} */
      let rssKiB = null;
      /** @type {number | null} */
      let cpuMs = null;
      if (how.gnuTime) {
        const report = existsSync(timePath) ? readFileSync(timePath, 'utf8').trim().split('\n') : [];
        const last = report.at(-1) ?? '';
        const match = /^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/.exec(last);
        if (match) {
          rssKiB = Number(match[2]);
          cpuMs = (Number(match[3]) + Number(match[4])) * 1000;
        }
        const killed = report.map((line) => /terminated by signal (\d+)/.exec(line)).find(Boolean);
        if (killed) {
          childSignal = signalName(Number(killed[1]));
          exitCode = null;
        }
      } else if (existsSync(rssPath)) {
        const probe = JSON.parse(readFileSync(rssPath, 'utf8'));
        rssKiB = Number(probe.maxRSS) || null;
        cpuMs = Number.isFinite(probe.cpuMicros) ? probe.cpuMicros / 1000 : null;
      }
      resolve({
        exitCode,
        signal: childSignal,
        wallMs,
        rssKiB,
        cpuMs,
        stdout: readFileSync(stdoutPath, 'utf8'),
        stderr: readFileSync(stderrPath, 'utf8'),
        timedOut,
      });
    });
  });
}

/** @param {number} n */
function signalName(n) {
  const entry = Object.entries(os.constants.signals).find(([, value]) => value === n);
  return entry ? entry[0] : `signal ${n}`;
}

/**
 * The most telling line of a failed run's stderr.
 * @param {string} stderr
 */
function failureReason(stderr) {
  if (/heap out of memory|Reached heap limit/.test(stderr)) return 'JavaScript heap out of memory';
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const line =
    lines.find((l) => /^(?:\w*Error|error|holdfast|api-smart-diff|openapi-diff)\b/.test(l)) ??
    lines.find((l) => /error/i.test(l)) ??
    lines[0] ??
    '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/**
 * Measure one run of one tool on one pair and classify the outcome.
 * @param {Tool} tool
 * @param {Pair} pair
 * @param {{ timeoutMs: number, gnuTime: boolean, tmp: string }} how
 * @returns {Promise<Sample>}
 */
async function measure(tool, pair, how) {
  const run = await runOnce(tool.args(pair), how);
  /** @type {Sample} */
  const sample = {
    status: 'ok',
    wallMs: run.wallMs,
    rssKiB: run.rssKiB,
    cpuMs: run.cpuMs,
    exitCode: run.exitCode,
    signal: run.signal,
    reason: '',
    summary: '',
  };
  if (run.timedOut) {
    return { ...sample, status: 'timeout', reason: `no result after ${how.timeoutMs / 1000} s` };
  }
  if (tool.naExit !== null && run.exitCode === tool.naExit) {
    return { ...sample, status: 'n/a', reason: failureReason(run.stderr) };
  }
  if (run.exitCode === null || !tool.okExit.includes(run.exitCode)) {
    return { ...sample, status: 'failed', reason: failureReason(run.stderr) };
  }
  if (tool.kind === 'holdfast') {
    // Exit 1 is also what Node uses for an uncaught exception, so a run only
    // counts when it printed the JSON report of issue #2.
    try {
      const report = JSON.parse(run.stdout);
      if (!Array.isArray(report?.findings)) throw new Error('no "findings" array');
      const s = report.summary ?? {};
      sample.summary = `${report.findings.length} findings (${s.breaking ?? '?'} breaking, ${s.warning ?? '?'} warning, ${s.info ?? '?'} info)`;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return {
        ...sample,
        status: 'failed',
        reason: failureReason(run.stderr) || `stdout is not the JSON report (${why})`,
      };
    }
  } else if (tool.kind === 'peer') {
    try {
      const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '');
      sample.summary = `${report.diffs} changes (${report.breaking} breaking)`;
    } catch {
      sample.summary = '';
    }
  }
  return sample;
}

// ------------------------------------------------------------- the statistics

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  const upper = sorted[mid] ?? Number.NaN;
  const lower = sorted[mid - 1] ?? upper;
  return sorted.length % 2 === 1 ? upper : (lower + upper) / 2;
}

/** @param {Cell} cell @returns {{ seconds: number, mb: number, cpuSeconds: number } | null} */
function medians(cell) {
  if (cell.failure || cell.samples.length === 0) return null;
  /** @type {number[]} */
  const rss = [];
  /** @type {number[]} */
  const cpu = [];
  for (const sample of cell.samples) {
    if (sample.rssKiB !== null) rss.push(sample.rssKiB);
    if (sample.cpuMs !== null) cpu.push(sample.cpuMs);
  }
  return {
    seconds: median(cell.samples.map((s) => s.wallMs)) / 1000,
    mb: rss.length > 0 ? median(rss) / 1024 : Number.NaN,
    cpuSeconds: cpu.length > 0 ? median(cpu) / 1000 : Number.NaN,
  };
}

/** Fastest run's wall time, in seconds. @param {Cell} cell */
function minWallSeconds(cell) {
  return Math.min(...cell.samples.map((s) => s.wallMs)) / 1000;
}

/** @param {number} seconds */
function fmtSeconds(seconds) {
  return seconds < 10 ? seconds.toFixed(3) : seconds.toFixed(2);
}

/** @param {number} mb */
function fmtMb(mb) {
  return Number.isNaN(mb) ? '?' : mb.toFixed(0);
}

/** @param {number} ratio */
function fmtRatio(ratio) {
  if (!Number.isFinite(ratio)) return '';
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}x`;
}

/** @param {Sample} failure */
function failureCell(failure) {
  switch (failure.status) {
    case 'timeout':
      return 'timeout';
    case 'n/a':
      return 'n/a';
    default:
      return failure.signal ? `failed (${failure.signal})` : `failed (exit ${failure.exitCode})`;
  }
}

// ------------------------------------------------------------------ the table

/**
 * @param {Pair[]} pairs
 * @param {Map<Pair, Cell[]>} results
 * @param {boolean} holdfastSelected
 */
function buildRows(pairs, results, holdfastSelected) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  const notes = [];
  for (const pair of pairs) {
    const cells = results.get(pair) ?? [];
    const holdfast = cells.find((c) => c.tool.kind === 'holdfast');
    const hf = holdfast ? medians(holdfast) : null;
    let first = true;
    for (const cell of cells) {
      const m = medians(cell);
      let time = '';
      let cpu = '';
      let memory = '';
      if (m) {
        time = fmtSeconds(m.seconds);
        cpu = Number.isNaN(m.cpuSeconds) ? '?' : fmtSeconds(m.cpuSeconds);
        memory = fmtMb(m.mb);
      } else if (cell.failure) {
        time = failureCell(cell.failure);
        memory = cell.failure.status === 'n/a' ? 'n/a' : '';
        const at =
          cell.failure.status === 'n/a' || cell.failure.status === 'timeout'
            ? ''
            : ` (after ${fmtSeconds(cell.failure.wallMs / 1000)} s${
                cell.failure.rssKiB ? `, ${fmtMb(cell.failure.rssKiB / 1024)} MB peak` : ''
              })`;
        notes.push(`${pair.label}, ${cell.tool.label}: ${cell.failure.reason || failureCell(cell.failure)}${at}`);
      }
      let peerRatio = '';
      let floorRatio = '';
      if (cell.tool.kind === 'peer' && m && hf) {
        peerRatio = `${fmtRatio(m.seconds / hf.seconds)} / ${fmtRatio(m.mb / hf.mb)}`;
      }
      if (cell.tool.kind === 'floor' && m && hf) {
        floorRatio = `${fmtRatio(hf.seconds / m.seconds)} / ${fmtRatio(hf.mb / m.mb)}`;
      }
      if (cell.tool.kind === 'holdfast' && !m && holdfastSelected) {
        if (time.startsWith('failed')) time = `${time} (pending: rerun after the core lands)`;
      }
      const runs = cell.failure ? `${cell.samples.length + 1}` : `${cell.samples.length}`;
      const summary = m ? (cell.samples.at(-1)?.summary ?? '') : '';
      rows.push([
        first ? pair.label : '',
        first ? pair.input : '',
        cell.tool.label,
        time,
        cpu,
        memory,
        peerRatio,
        floorRatio,
        runs,
        summary,
      ]);
      first = false;
    }
  }
  return { rows, notes };
}

const HEADER = [
  'Pair',
  'Input',
  'Tool',
  'Wall s (median)',
  'CPU s (median)',
  'Peak RSS MB (median)',
  'Peer / holdfast (time / mem)',
  'holdfast / floor (time / mem)',
  'Runs',
  'Reported',
];

/** @param {string[][]} rows */
function markdownTable(rows) {
  const escapeCell = (/** @type {string} */ s) => s.replaceAll('|', '\\|');
  const right = new Set([3, 4, 5, 6, 7, 8]);
  const lines = [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, i) => (right.has(i) ? '---:' : '---')).join(' | ')} |`,
  ];
  for (const row of rows) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
  return lines.join('\n');
}

/** @param {string[][]} rows */
function textTable(rows) {
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const right = new Set([3, 4, 5, 6, 7, 8]);
  const line = (/** @type {string[]} */ r) =>
    r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  ')];
  let group = '';
  for (const row of rows) {
    if (row[0] && group) out.push('');
    if (row[0]) group = row[0];
    out.push(line(row));
  }
  return out.join('\n');
}

/**
 * The targets of issues #2 and #11, checked against the medians.
 * @param {Pair[]} pairs
 * @param {Map<Pair, Cell[]>} results
 */
function targetLines(pairs, results) {
  /** @type {string[]} */
  const lines = [];
  for (const pair of pairs) {
    const cells = results.get(pair) ?? [];
    const holdfast = cells.find((c) => c.tool.kind === 'holdfast');
    if (!holdfast) continue;
    const hf = medians(holdfast);
    /** @type {string[]} */
    const checks = [];
    const verdict = (/** @type {boolean} */ ok) => (ok ? 'PASS' : 'FAIL');
    if (!hf) {
      lines.push(
        `${pair.label}: pending (holdfast did not run: ${failureCell(/** @type {Sample} */ (holdfast.failure))})`,
      );
      continue;
    }
    if (pair.yaml) {
      const parse = cells.find((c) => c.tool.id === 'parse');
      const floor = parse ? medians(parse) : null;
      if (floor && parse) {
        // Issue 11: the whole YAML diff within 1.25x of js-yaml's own parse of the two files. The
        // best run is the steadier number on a shared machine; CPU time counts every thread
        // (holdfast parses the second document in a worker thread when a core is free).
        const ratio = hf.seconds / floor.seconds;
        const best = minWallSeconds(holdfast) / minWallSeconds(parse);
        const cpu = hf.cpuSeconds / floor.cpuSeconds;
        checks.push(
          `<= 1.25x js-yaml parse floor: ${verdict(ratio <= 1.25)} (wall ${fmtRatio(ratio)} median, ${fmtRatio(best)} best run; CPU ${Number.isNaN(cpu) ? '?' : fmtRatio(cpu)})`,
        );
      }
    } else if (pair.large) {
      checks.push(`< 0.5 s: ${verdict(hf.seconds < 0.5)} (${fmtSeconds(hf.seconds)} s)`);
    }
    const asd = cells.find((c) => c.tool.id === 'api-smart-diff');
    const peer = asd ? medians(asd) : null;
    if (peer) {
      const speedup = peer.seconds / hf.seconds;
      checks.push(`>= 10x faster than api-smart-diff: ${verdict(speedup >= 10)} (${fmtRatio(speedup)})`);
      checks.push(
        `peak memory under api-smart-diff's: ${verdict(hf.mb < peer.mb)} (${fmtMb(hf.mb)} vs ${fmtMb(peer.mb)} MB)`,
      );
    } else if (asd?.failure) {
      checks.push(`vs api-smart-diff: n/a (api-smart-diff ${failureCell(asd.failure)})`);
    }
    lines.push(`${pair.label}: ${checks.join('; ') || 'no target applies'}`);
  }
  return lines;
}

// ------------------------------------------------------------------------ main

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const gnuTime = options.gnuTime && existsSync(GNU_TIME);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'holdfast-bench-'));
  const pairs = [...selectPairs(options), ...(await yamlPairs(options, tmp))];
  const tools = selectTools(options);
  const how = { timeoutMs: options.timeoutSeconds * 1000, gnuTime, tmp };
  const started = new Date();
  const loadAtStart = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
  progress(`bench: ${pairs.length} pair(s) x ${tools.length} tool(s) x ${options.runs} run(s); ${machine}`);
  progress(`bench: peak RSS from ${gnuTime ? `${GNU_TIME} (%M)` : 'a preloaded process.resourceUsage() probe'}`);

  /** @type {Map<Pair, Cell[]>} */
  const results = new Map();
  try {
    for (const pair of pairs) {
      /** @type {Cell[]} */
      const cells = tools.map((tool) => ({ tool, samples: [], failure: null }));
      results.set(pair, cells);
      // Warm the page cache so the first measured run does not pay for the disk.
      await runOnce([path.join(repoRoot, 'bench/floor/parse.js'), pair.base, pair.revision], how);
      for (let run = 1; run <= options.runs; run += 1) {
        // Interleave the tools run by run so drift on the machine hits all alike.
        for (const cell of cells) {
          if (cell.failure) continue;
          const sample = await measure(cell.tool, pair, how);
          const what =
            sample.status === 'ok'
              ? `${fmtSeconds(sample.wallMs / 1000)} s ${sample.rssKiB ? fmtMb(sample.rssKiB / 1024) : '?'} MB`
              : `${failureCell(sample)}: ${sample.reason}`;
          progress(`[${pair.label}] run ${run}/${options.runs} ${cell.tool.label}: ${what}`);
          // A failure, timeout or unsupported input is not retried: it would
          // fail the same way, and a peer timing out would cost minutes per run.
          if (sample.status === 'ok') cell.samples.push(sample);
          else cell.failure = sample;
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const { rows, notes } = buildRows(pairs, results, options.tools.includes('holdfast'));
  const targets = targetLines(pairs, results);
  const when = started.toISOString().replace(/\.\d+Z$/, 'Z');
  const load = `load average ${loadAtStart} at start, ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at end`;
  const method = gnuTime
    ? `each run a fresh process; wall time by the parent (hrtime), peak RSS by GNU time %M`
    : `each run a fresh process; wall time by the parent (hrtime), peak RSS by process.resourceUsage().maxRSS at exit`;
  const md = options.markdown;
  const out = [];
  out.push(
    md
      ? `Machine: ${machine}. Date: ${when} (${load}). Runs: ${options.runs} per tool per pair (median shown); ${method}.`
      : `holdfast benchmark — ${when} (${load})\n${machine}\n${options.runs} run(s) per tool per pair, median shown; ${method}.`,
  );
  out.push('');
  out.push(md ? markdownTable(rows) : textTable(rows));
  out.push('');
  out.push(
    md
      ? '"Peer / holdfast": how many times more time / memory the peer needs than holdfast. "holdfast / floor": how far holdfast is above the floor (1.00x = at the floor). MB = 2^20 bytes.'
      : "Peer / holdfast = peer time (memory) divided by holdfast's; holdfast / floor = distance to the floor (1.00x = at the floor). MB = 2^20 bytes.",
  );
  if (notes.length > 0) {
    out.push('');
    out.push('Failures:');
    out.push('');
    for (const note of notes) out.push(md ? `- ${note}` : `  ${note}`);
  }
  if (targets.length > 0) {
    out.push('');
    out.push('Targets (issues #2 and #11):');
    out.push('');
    for (const line of targets) out.push(md ? `- ${line}` : `  ${line}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
