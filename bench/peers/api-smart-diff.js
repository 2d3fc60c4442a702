#!/usr/bin/env node
// Benchmark runner for api-smart-diff (https://github.com/udamir/api-smart-diff).
// Usage: node bench/peers/api-smart-diff.js BASE REVISION
//
// Measured work: read both files, parse them (JSON.parse / js-yaml, as the
// README expects parsed objects), then `apiCompare(before, after)` exactly as
// its README documents. Prints a one-line JSON summary; exit 0 on success,
// 3 when the peer threw, 4 when the input is a kind the peer does not support.
import '../lib/no-network.js';
import { apiCompare } from 'api-smart-diff';
import { detectSpecVersion, EXIT_UNSUPPORTED, fail, parseText, readText, report } from '../lib/spec-input.js';

const TOOL = 'api-smart-diff';
const [basePath, revisionPath] = process.argv.slice(2);
if (!basePath || !revisionPath) {
  process.stderr.write(`usage: node bench/peers/${TOOL}.js BASE REVISION\n`);
  process.exit(2);
}

try {
  const baseText = readText(basePath);
  const revisionText = readText(revisionPath);
  const version = detectSpecVersion(baseText);
  if (version.kind === 'swagger2' && !process.env.BENCH_FORCE_UNSUPPORTED) {
    // api-smart-diff 1.x supports OpenAPI 3.0/3.1 only (Swagger 2.0 is struck
    // through in its README). Given a Swagger 2.0 document it silently falls
    // back to its generic JSON-Schema comparison, which is not an API diff, so
    // timing it would not be a like-for-like comparison.
    process.stderr.write(`${TOOL}: Swagger ${version.version} is not supported (OpenAPI 3.x only)\n`);
    process.exit(EXIT_UNSUPPORTED);
  }
  const before = parseText(baseText, basePath);
  const after = parseText(revisionText, revisionPath);
  const { diffs } = apiCompare(before, after);
  let breaking = 0;
  for (const diff of diffs) if (diff.type === 'breaking') breaking += 1;
  report({ tool: TOOL, diffs: diffs.length, breaking });
} catch (error) {
  fail(error, TOOL);
}
