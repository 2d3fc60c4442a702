/**
 * Vitest global setup: compile src/ to dist/ (tsconfig.build.json) and bundle the CLI before any
 * test runs, so the CLI tests that spawn `node bin/holdfast.js` exercise fresh code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (build.error) throw build.error;
  // bin/holdfast.js runs the bundle (scripts/bundle.js), so rebuild it from the same sources.
  const bundle = spawnSync(process.execPath, ['scripts/bundle.js'], { cwd: root, encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(`Could not bundle the CLI:\n${bundle.stdout}${bundle.stderr}`);
  // `holdfast extract` runs dist/extract/extract.py (scripts/copy-assets.js).
  const assets = spawnSync(process.execPath, ['scripts/copy-assets.js'], { cwd: root, encoding: 'utf8' });
  if (assets.status !== 0) throw new Error(`Could not copy assets to dist/:\n${assets.stdout}${assets.stderr}`);
  if (build.status === 0) return;
  // tsc still emits on type errors; `npm run typecheck` is the gate for those, so only a build
  // that produced no CLI stops the suite.
  const output = `${build.stdout}${build.stderr}`;
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
    throw new Error(`Could not build dist/ with tsc -p tsconfig.build.json:\n${output}`);
  }
  process.stderr.write(
    `global-setup: tsc -p tsconfig.build.json reported errors (dist/ was still emitted):\n${output}\n`,
  );
}
