import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './_run.js';

/** Every module under dist/cli, i.e. what `holdfast --help` loads besides commander. */
function cliModules(folder = join(ROOT, 'dist/cli')): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? cliModules(join(folder, entry.name))
      : entry.name.endsWith('.js')
        ? [join(folder, entry.name)]
        : [],
  );
}

function staticImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]);
}

describe('start-up path', () => {
  // `holdfast --help` must start in well under 200 ms: the pipeline and reporters load only when
  // `diff` runs. Wall time is measured by the benchmark, not here; this guards the cause.
  it('imports the pipeline and the reporters only dynamically', () => {
    const modules = cliModules();
    expect(modules.length).toBeGreaterThan(0);
    for (const file of modules) {
      for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
        expect(specifier, `${file} imports ${specifier}`).not.toMatch(
          /pipeline\.js$|report\/index\.js$|\/(load|normalize|diff)\//,
        );
      }
    }
  });
});
