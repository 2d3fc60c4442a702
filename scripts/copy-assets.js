#!/usr/bin/env node
// Copies the non-TypeScript files the CLI reads at run time from src/ to dist/ (same relative
// path), after `tsc` has emitted the JavaScript: today the Python program src/extract/extract.py,
// which `holdfast extract` runs. The bundle in dist/bundle/ finds it at dist/extract/extract.py.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ASSET = /\.py$/;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src');
const target = join(root, 'dist');

function* assets(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* assets(path);
    else if (entry.isFile() && ASSET.test(entry.name)) yield path;
  }
}

for (const path of assets(source)) {
  const destination = join(target, relative(source, path));
  mkdirSync(dirname(destination), { recursive: true });
  copyFileSync(path, destination);
}
