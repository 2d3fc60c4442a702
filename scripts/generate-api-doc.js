#!/usr/bin/env node
// Writes docs/api/openapi.json: the OpenAPI 3.1 document of `holdfast serve`, generated from the
// route schemas (src/server/openapi.ts, compiled to dist/ by `npm run build`).
//
//   node scripts/generate-api-doc.js          regenerate the committed document
//   node scripts/generate-api-doc.js --check  CI: holdfast diffs the committed document against
//                                             the generated one (holdfast checks its own API), and
//                                             fails when they differ at all
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { openApiDocument } = await import(join(root, 'dist/server/openapi.js'));
const { API_ROUTES } = await import(join(root, 'dist/server/routes/index.js'));
const text = `${JSON.stringify(openApiDocument(API_ROUTES), null, 2)}\n`;
const target = join(root, 'docs/api/openapi.json');

if (process.argv.includes('--check')) {
  const folder = mkdtempSync(join(tmpdir(), 'holdfast-api-'));
  const generated = join(folder, 'openapi.generated.json');
  writeFileSync(generated, text);
  const diff = spawnSync(
    process.execPath,
    [join(root, 'bin/holdfast.js'), 'diff', target, generated, '--fail-on', 'warning'],
    { cwd: root, encoding: 'utf8' },
  );
  rmSync(folder, { recursive: true, force: true });
  process.stdout.write(diff.stdout);
  process.stderr.write(diff.stderr);
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // a missing document is stale
  }
  if (diff.status !== 0 || current !== text) {
    console.error(
      'docs/api/openapi.json is out of date with src/server: run `npm run build && npm run docs:api` and commit the result (review the holdfast diff above: breaking changes need a new /api/v2).',
    );
    process.exit(1);
  }
  console.log(`docs/api/openapi.json is current (${API_ROUTES.length} routes).`);
} else {
  writeFileSync(target, text);
  console.log(`wrote docs/api/openapi.json (${API_ROUTES.length} routes)`);
}
