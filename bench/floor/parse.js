#!/usr/bin/env node
// The parse floor: read both files and parse them with the fastest parser for
// their syntax (JSON.parse for JSON, js-yaml `load` for YAML), nothing else.
// No diff tool that reads these files can be faster than this process.
// Usage: node bench/floor/parse.js BASE REVISION
import { parseText, readText, report } from '../lib/spec-input.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node bench/floor/parse.js FILE...\n');
  process.exit(2);
}
let keys = 0;
for (const file of files) {
  const doc = parseText(readText(file), file);
  if (doc && typeof doc === 'object') keys += Object.keys(doc).length;
}
report({ tool: 'parse-floor', files: files.length, topLevelKeys: keys });
