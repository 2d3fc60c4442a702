#!/usr/bin/env node
// Benchmark runner for openapi-diff (Atlassian, https://bitbucket.org/atlassian/openapi-diff).
// Usage: node bench/peers/openapi-diff.js BASE REVISION
//
// Measured work: read both files and call `openapiDiff.diffSpecs(...)` with the
// serialised content, exactly as its README documents (the tool parses,
// validates and dereferences the specs itself). The format ('swagger2' or
// 'openapi3') is detected from the text with a regular expression, so the
// documents are not parsed twice. Prints a one-line JSON summary; exit 0 on
// success, 3 when the peer threw or rejected, 4 when it does not support the
// document's version (OpenAPI 3.1).
import '../lib/no-network.js';
import openapiDiff from 'openapi-diff';
import { detectSpecVersion, EXIT_UNSUPPORTED, fail, readText, report } from '../lib/spec-input.js';

const TOOL = 'openapi-diff';
const [basePath, revisionPath] = process.argv.slice(2);
if (!basePath || !revisionPath) {
  process.stderr.write(`usage: node bench/peers/${TOOL}.js BASE REVISION\n`);
  process.exit(2);
}

try {
  const baseText = readText(basePath);
  const revisionText = readText(revisionPath);
  const result = await openapiDiff.diffSpecs({
    sourceSpec: { content: baseText, location: basePath, format: detectSpecVersion(baseText).kind },
    destinationSpec: {
      content: revisionText,
      location: revisionPath,
      format: detectSpecVersion(revisionText).kind,
    },
  });
  const breaking = result.breakingDifferencesFound ? result.breakingDifferences.length : 0;
  const diffs = breaking + result.nonBreakingDifferences.length + result.unclassifiedDifferences.length;
  report({ tool: TOOL, diffs, breaking });
} catch (error) {
  // openapi-diff 0.24 validates with swagger-parser 10, which rejects OpenAPI
  // 3.1 documents outright: report that as "not supported" rather than a crash.
  const text = error instanceof Error ? error.message : String(error);
  const unsupported = /Unsupported OpenAPI version:? *[\d.]*\d/i.exec(text);
  if (unsupported) {
    process.stderr.write(`${TOOL}: ${unsupported[0]} (swagger-parser supports 3.0.x only)\n`);
    process.exit(EXIT_UNSUPPORTED);
  }
  fail(error, TOOL);
}
