#!/usr/bin/env node
// Bundles the CLI into dist/bundle/ (one file per lazily loaded part), so start-up reads a handful
// of files instead of ~200 modules: `holdfast diff` imports in ~30 ms instead of ~100 ms.
// `tsc` still emits dist/ module by module for the tests and scripts that import single modules.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bundle');
const { dependencies, optionalDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const BUNDLED = new Set(['kysely', '@cfworker/json-schema', 'randexp']);
rmSync(outdir, { recursive: true, force: true });
await build({
  // parse-worker.js is started by src/load/parse-parallel.ts as a worker thread, found beside the
  // chunk that starts it (all chunks share dist/bundle/).
  entryPoints: { main: join(root, 'src/cli/main.ts'), 'parse-worker': join(root, 'src/load/parse-worker.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay in node_modules, except kysely: it is ~280 small ES modules, and resolving
  // them one by one cost every registry command ~150 ms of start-up. The witness validator and
  // randexp (with its two dependencies) are bundled for the same reason, on a smaller scale. The
  // database drivers (optionalDependencies) stay external, imported only by the registry's chunks,
  // so diff, check and extract run where they are not installed.
  external: Object.keys({ ...dependencies, ...optionalDependencies })
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});
