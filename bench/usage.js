#!/usr/bin/env node
/**
 * Access-log ingest speed: lines per second per format on a generated log (default 1,000,000
 * lines, scripts/generate-sample-logs.js, same seed every time), each run in a fresh Node process
 * reading the file from disk (page cache warm), with the peak resident memory of that process.
 *
 *   npm run build && node bench/usage.js [--lines N] [--runs R] [--formats nginx,uvicorn,gunicorn,json]
 *
 * Prints one line per run and a min / median summary per format. docs/performance.md has numbers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};

if (args[0] === '--child') {
  // One measured ingest: node bench/usage.js --child FORMAT FILE
  const [, format, file] = args;
  const usage = await import(new URL('dist/usage/index.js', root).href);
  const contract = JSON.parse(readFileSync(new URL('examples/fastapi-shop/openapi-pydantic2/v1.json', root), 'utf8'));
  const router = new usage.Router(usage.routesFromOpenApi(contract));
  const forced = format === 'json' ? 'json' : format === 'uvicorn' ? 'uvicorn' : 'combined';
  const startCpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const { summary } = await usage.ingestStream(await usage.openLogFile(file), {
    router,
    format: forced,
    defaultTime: Date.UTC(2026, 0, 5),
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(startCpu);
  process.stdout.write(
    `${JSON.stringify({
      lines: summary.lines,
      matched: summary.matched,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
  process.exit(0);
}

if (!existsSync(new URL('dist/usage/index.js', root))) {
  console.error('bench/usage.js: dist/usage/index.js is missing; run `npm run build` first.');
  process.exit(2);
}
const lines = option('lines', '1000000');
const runs = Number(option('runs', '3'));
const formats = option('formats', 'nginx,uvicorn,gunicorn,json').split(',');
const folder = mkdtempSync(join(tmpdir(), 'holdfast-usage-bench-'));
try {
  const generated = spawnSync(
    process.execPath,
    [
      new URL('scripts/generate-sample-logs.js', root).pathname,
      '--lines',
      lines,
      // A day of traffic: ~11.6 requests/s on average for a million lines.
      '--hours',
      '24',
      '--out',
      folder,
      '--formats',
      formats.join(','),
    ],
    { encoding: 'utf8' },
  );
  if (generated.status !== 0) throw new Error(generated.stderr);
  const me = new URL(import.meta.url).pathname;
  const summary = [];
  for (const format of formats) {
    const file = join(folder, `${format}.log`);
    readFileSync(file); // warm the page cache, unmeasured
    const results = [];
    for (let run = 0; run < runs; run++) {
      const child = spawnSync(process.execPath, [me, '--child', format, file], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(child.stderr);
      const result = JSON.parse(child.stdout);
      results.push(result);
      console.log(
        `${format.padEnd(8)} run ${run + 1}: ${result.lines} lines in ${result.seconds.toFixed(3)} s wall = ${Math.round(result.lines / result.seconds).toLocaleString('en')} lines/s; ${Math.round(result.lines / result.cpuSeconds).toLocaleString('en')} lines/CPU-s; peak RSS ${result.maxRssMb.toFixed(0)} MB`,
      );
    }
    const rates = results.map((result) => result.lines / result.seconds).sort((a, b) => a - b);
    const cpuRates = results.map((result) => result.lines / result.cpuSeconds).sort((a, b) => a - b);
    summary.push({
      format,
      min: rates[0],
      median: rates[Math.floor(rates.length / 2)],
      cpuMedian: cpuRates[Math.floor(cpuRates.length / 2)],
      rss: Math.max(...results.map((result) => result.maxRssMb)),
    });
  }
  console.log('\nformat    lines/s (wall) min   median     lines/CPU-s median   peak RSS');
  for (const row of summary) {
    const number = (value) => Math.round(value).toLocaleString('en').padStart(12);
    console.log(
      `${row.format.padEnd(8)}  ${number(row.min)}  ${number(row.median)}  ${number(row.cpuMedian)}        ${row.rss.toFixed(0)} MB`,
    );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
