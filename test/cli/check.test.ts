/**
 * `holdfast check` end to end: the built CLI (`node bin/holdfast.js check`) in real temporary git
 * repositories, the way a developer or a CI job runs it. Asserts exit codes and output.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outdent } from 'outdent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from './_run.js';

const BASE_SPEC = `${outdent`
  openapi: 3.0.3
  info:
    title: shop
    version: 1.0.0
  paths:
    /items:
      get:
        operationId: list_items
        parameters:
          - name: limit
            in: query
            required: false
            schema:
              type: integer
        responses:
          '200':
            description: ok
    /internal/jobs:
      post:
        operationId: run_job
        responses:
          '202':
            description: accepted
`}\n`;

const HEALTH = [
  '  /health:',
  '    get:',
  '      operationId: health',
  '      responses:',
  "        '200':",
  '          description: ok',
  '',
].join('\n');

/** `limit` becomes required (breaking, reported at line 10) and GET /health is added (compatible). */
const BREAKING_SPEC = `${BASE_SPEC.replace('required: false', 'required: true')}${HEALTH}`;

/** GET /health is added: compatible, a minor release. */
const COMPATIBLE_SPEC = `${BASE_SPEC}${HEALTH}`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let repo: string;

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'holdfast-check-'));
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=holdfast test',
      '-c',
      'user.email=test@holdfast.invalid',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

function holdfast(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'HOLDFAST_DEBUG', 'HOLDFAST_DOCS_URL']) {
    if (env[name] === undefined) delete childEnv[name];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/holdfast.js'), 'check', ...args], { cwd, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

/** A repository whose main branch has `openapi.yaml` = BASE_SPEC, on branch `feature` with `spec` committed. */
async function branchWith(spec: string, files: Record<string, string> = {}): Promise<string> {
  git(repo, 'init', '-q');
  await writeFile(join(repo, 'openapi.yaml'), BASE_SPEC);
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  const base = git(repo, 'rev-parse', '--short=12', 'HEAD');
  git(repo, 'checkout', '-q', '-b', 'feature');
  await writeFile(join(repo, 'openapi.yaml'), spec);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(repo, path, '..'), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'change');
  return base;
}

describe('holdfast check', () => {
  it('exits 1 on a breaking change, naming the operation, the file and line, and how to fix it', async () => {
    const base = await branchWith(BREAKING_SPEC);
    const run = await holdfast(repo, ['--spec', 'openapi.yaml']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        `Comparing git:${base}:openapi.yaml with openapi.yaml`,
        '',
        'GET /items',
        '  breaking  request-parameter-became-required  openapi.yaml:10',
        '            GET /items: query parameter `limit` is now required',
        '            hint: Clients that omit it are rejected. Keep it optional with a default.',
        '',
        'GET /health',
        '  info      api-operation-added  openapi.yaml:25',
        '            GET /health added',
        '            hint: Compatible.',
        '',
        '1 breaking change (affecting 1 operation), 0 warnings, 1 info change (affecting 1 operation)',
        'Breaking: clients built against the base contract can fail against the revision.',
        'Suggested version bump: major',
        '',
      ].join('\n'),
    );
  });

  it('exits 0 on a compatible change and suggests a minor release', async () => {
    await branchWith(COMPATIBLE_SPEC);
    const run = await holdfast(repo, ['--spec', 'openapi.yaml']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Compatible: no change breaks clients built against the base contract.\n');
    expect(run.stdout).toContain('Suggested version bump: minor\n');
  });

  it('compares with the merge base of HEAD and origin/HEAD, not with the tip of the default branch', async () => {
    const upstream = join(repo, 'upstream');
    const clone = join(repo, 'clone');
    await mkdir(upstream);
    git(upstream, 'init', '-q');
    await writeFile(join(upstream, 'openapi.yaml'), BASE_SPEC);
    git(upstream, 'add', '.');
    git(upstream, 'commit', '-q', '-m', 'base');
    git(repo, 'clone', '-q', upstream, clone);
    git(clone, 'checkout', '-q', '-b', 'feature');
    await writeFile(join(clone, 'openapi.yaml'), BASE_SPEC.replace('required: false', 'required: true'));
    git(clone, 'commit', '-q', '-am', 'feature');
    // Meanwhile main gains an operation the branch does not have: not the branch's doing.
    await writeFile(join(upstream, 'openapi.yaml'), COMPATIBLE_SPEC);
    git(upstream, 'commit', '-q', '-am', 'health');
    git(clone, 'fetch', '-q', 'origin');

    const run = await holdfast(clone, ['--spec', 'openapi.yaml']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('request-parameter-became-required');
    expect(run.stdout).not.toContain('/health');
  });

  it('reads the spec, fail-on and accept-list from [tool.holdfast] and shows accepted findings as accepted', async () => {
    await branchWith(BREAKING_SPEC, {
      'pyproject.toml': outdent`
        [project]
        name = "shop"

        [tool.holdfast]
        spec = "openapi.yaml"

        [[tool.holdfast.accept]]
        rule = "request-parameter-became-required"
        operation = "GET /items"
        reason = "Every client already sends limit (access logs, Feb 2026)"
        expires = 2099-12-31
      `,
    });
    const run = await holdfast(join(repo), []);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      [
        'Accepted (1)',
        '  breaking  request-parameter-became-required  GET /items  openapi.yaml:10',
        '            GET /items: query parameter `limit` is now required',
        '            accepted: Every client already sends limit (access logs, Feb 2026) (until 2099-12-31)',
      ].join('\n'),
    );
    expect(run.stdout).toContain('0 breaking changes, 0 warnings, 1 info change (affecting 1 operation), 1 accepted\n');
    expect(run.stdout).toContain('Suggested version bump: minor\n');
  });

  it('runs from a subfolder, finding the configuration at the repository root', async () => {
    await branchWith(BREAKING_SPEC, { 'holdfast.yaml': 'spec: openapi.yaml\n', 'src/shop/__init__.py': '' });
    const run = await holdfast(join(repo, 'src', 'shop'), ['--format', 'github']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      '::error file=openapi.yaml,line=10,title=request-parameter-became-required::GET /items: query parameter `limit` is now required%0AClients that omit it are rejected. Keep it optional with a default.\n' +
        '::notice file=openapi.yaml,line=25,title=api-operation-added::GET /health added%0ACompatible.\n',
    );
    expect(run.stderr).toBe(
      'holdfast: blocked: 1 breaking change (affecting 1 operation), 0 warnings, 1 info change (affecting 1 operation); suggested version bump: major.\n',
    );
  });

  it('reports an expired accept-list entry, and the finding it covered blocks again', async () => {
    await branchWith(BREAKING_SPEC, {
      'holdfast.yaml': outdent`
        spec: openapi.yaml
        accept:
          - rule: request-parameter-became-required
            operation: GET /items
            reason: Temporary, until the mobile app ships 4.2
            expires: 2020-01-31
      `,
    });
    const run = await holdfast(repo, ['--output-format', 'concise']);
    expect(run.status).toBe(1);
    // One line per finding, `file:line: level rule-id message`, by file and line, then the counts.
    expect(run.stdout).toBe(
      [
        'holdfast.yaml:3: warning policy-accept-expired Accept-list entry for request-parameter-became-required on GET /items expired on 2020-01-31: "Temporary, until the mobile app ships 4.2"',
        'openapi.yaml:10: breaking request-parameter-became-required GET /items: query parameter `limit` is now required',
        'openapi.yaml:25: info api-operation-added GET /health added',
        '1 breaking change (affecting 1 operation), 1 warning, 1 info change (affecting 1 operation)',
        '',
      ].join('\n'),
    );
  });

  it('writes SARIF to a file and prints a one-line verdict', async () => {
    await branchWith(BREAKING_SPEC);
    const run = await holdfast(repo, ['--spec', 'openapi.yaml', '--format', 'sarif', '-o', 'reports/holdfast.sarif'], {
      HOLDFAST_DOCS_URL: 'https://example.com/holdfast/docs',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      'holdfast: blocked: 1 breaking change (affecting 1 operation), 0 warnings, 1 info change (affecting 1 operation); suggested version bump: major. Report written to reports/holdfast.sarif.\n',
    );
    const log = JSON.parse(await readFile(join(repo, 'reports/holdfast.sarif'), 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.rules[0].helpUri).toBe(
      'https://example.com/holdfast/docs/rules.md#request-parameter-became-required',
    );
    expect(log.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'openapi.yaml' },
      region: { startLine: 10 },
    });
  });

  it('--add-accept writes an entry into holdfast.yaml, keeping its comments, and the check then passes', async () => {
    await branchWith(BREAKING_SPEC, { 'holdfast.yaml': '# gate settings\nspec: openapi.yaml  # committed\n' });
    const printed = await holdfast(repo, ['--print-accept', 'request-parameter-became-required']);
    expect(printed).toEqual({
      status: 0,
      stdout: [
        '  - rule: request-parameter-became-required',
        '    operation: GET /items',
        '    reason: "TODO: say why this change is acceptable"',
        '',
      ].join('\n'),
      stderr: '',
    });
    const added = await holdfast(repo, [
      '--add-accept',
      'request-parameter-became-required',
      '--reason',
      'Every client sends limit',
    ]);
    expect(added).toEqual({
      status: 0,
      stdout:
        'holdfast: added 1 accept-list entry for request-parameter-became-required (1 finding) to holdfast.yaml.\n',
      stderr: '',
    });
    expect(await readFile(join(repo, 'holdfast.yaml'), 'utf8')).toBe(
      [
        '# gate settings',
        'spec: openapi.yaml  # committed',
        '',
        'accept:',
        '  - rule: request-parameter-became-required',
        '    operation: GET /items',
        '    reason: Every client sends limit',
        '',
      ].join('\n'),
    );
    const run = await holdfast(repo, []);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('accepted: Every client sends limit\n');
  });

  it('--show-settings names the configuration file and where each setting comes from', async () => {
    const base = await branchWith(BREAKING_SPEC, { 'holdfast.yaml': 'spec: openapi.yaml\nfail-on: warning\n' });
    const run = await holdfast(join(repo), ['--show-settings', '--base', 'main', '--level', 'warning', '-o', 'r.md']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        `Configuration: holdfast.yaml (${join(repo, 'holdfast.yaml')})`,
        'spec = openapi.yaml          # spec in holdfast.yaml',
        'base = main                  # --base',
        'fail-on = warning            # fail-on in holdfast.yaml',
        'level = warning              # --level',
        'format = text                # default',
        'output = r.md                # --output',
        'allow-external-refs = false  # default',
        'rules = {}                   # default',
        'include = []                 # default',
        'exclude = []                 # default',
        'skip-stability = []          # default',
        'accept = 0 entries           # default',
        '',
      ].join('\n'),
    );
    expect(base).toMatch(/^[0-9a-f]{12}$/);
  });

  it('--show-settings still shows the settings when the base cannot be resolved, and says why', async () => {
    git(repo, 'init', '-q', '-b', 'trunk');
    await writeFile(join(repo, 'openapi.yaml'), BASE_SPEC);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    const run = await holdfast(repo, ['--spec', 'openapi.yaml', '--show-settings']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      'Configuration: none found (searched from the current folder up to the repository root); defaults apply.',
      'spec = openapi.yaml          # --spec',
      'base = (not resolved: Could not find the base to compare with: no origin/HEAD, main or master branch in this repository; expected a default branch. Pass --base REF (for example --base origin/develop) or set base in the configuration; retrying will not help.)  # default',
    ]);
  });

  it('compares with a contract file at a revision: --base REV:PATH', async () => {
    await branchWith(BREAKING_SPEC);
    git(repo, 'mv', 'openapi.yaml', 'api.yaml');
    git(repo, 'commit', '-q', '-m', 'rename');
    const moved = await holdfast(repo, ['--spec', 'api.yaml']);
    expect(moved.status).toBe(0);
    expect(moved.stderr).toMatch(/^holdfast: api\.yaml does not exist at [0-9a-f]{12} \(merge base with main\)/);
    const run = await holdfast(repo, ['--spec', 'api.yaml', '--base', 'main:openapi.yaml', '--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.base).toBe('git:main:openapi.yaml');
    expect(report.findings.map((finding: { id: string }) => finding.id)).toEqual([
      'request-parameter-became-required',
      'api-operation-added',
    ]);
  });

  it('treats a spec the base does not have as all new', async () => {
    git(repo, 'init', '-q');
    await writeFile(join(repo, 'README.md'), 'shop\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'start');
    git(repo, 'checkout', '-q', '-b', 'feature');
    await writeFile(join(repo, 'openapi.yaml'), BASE_SPEC);
    const run = await holdfast(repo, ['--spec', 'openapi.yaml']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /^holdfast: openapi\.yaml does not exist at [0-9a-f]{12} \(merge base with main\); every operation is new\.\n$/,
    );
    expect(run.stdout).toContain('Suggested version bump: minor\n');
  });

  it('on the default branch itself, judges the uncommitted changes', async () => {
    git(repo, 'init', '-q');
    await writeFile(join(repo, 'openapi.yaml'), BASE_SPEC);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    expect((await holdfast(repo, ['--spec', 'openapi.yaml'])).status).toBe(0);
    await writeFile(join(repo, 'openapi.yaml'), BREAKING_SPEC);
    expect((await holdfast(repo, ['--spec', 'openapi.yaml'])).status).toBe(1);
  });

  it('compares with a --base file, also outside a git repository', async () => {
    await writeFile(join(repo, 'old.yaml'), BASE_SPEC);
    await writeFile(join(repo, 'openapi.yaml'), COMPATIBLE_SPEC);
    const run = await holdfast(repo, ['--spec', 'openapi.yaml', '--base', 'old.yaml', '--format', 'json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.base).toBe('old.yaml');
    expect(report.policy).toEqual({ semver: 'minor', accepted: 0, skipped: 0 });
  });

  it('fails with --fail-on warning when an entry in the accept-list is unused', async () => {
    await branchWith(COMPATIBLE_SPEC, {
      'holdfast.yaml': 'spec: openapi.yaml\naccept:\n  - rule: api-operation-removed\n    reason: cleanup\n',
    });
    expect((await holdfast(repo, [])).status).toBe(0);
    const strict = await holdfast(repo, ['--fail-on', 'warning']);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('policy-accept-unused  holdfast.yaml:3');
  });

  describe('could not run (exit 2)', () => {
    const cases: { name: string; setup: () => Promise<void>; args: string[]; stderr: string }[] = [
      {
        name: 'nothing to check',
        setup: async () => {
          await branchWith(BREAKING_SPEC);
        },
        args: [],
        stderr:
          'holdfast: Nothing to check: no --app or --spec, no configuration found, and no FastAPI app found in <repo>; expected the contract to compare. Pass --app module:attribute (e.g. --app main:app) or --spec openapi.json, or run "holdfast init" to write [tool.holdfast] app into pyproject.toml; retrying will not help.\n',
      },
      {
        name: 'an invalid configuration',
        setup: async () => {
          await branchWith(BREAKING_SPEC, {
            'pyproject.toml': '[tool.holdfast]\nspec = "openapi.yaml"\nfail-on = "always"\n',
          });
        },
        args: [],
        stderr:
          'holdfast: Invalid configuration in pyproject.toml: tool.holdfast.fail-on is "always"; expected one of breaking, warning, never. Fix the file; retrying will not help.\n',
      },
      {
        name: 'no git repository and no --base',
        setup: async () => {
          await writeFile(join(repo, 'openapi.yaml'), BASE_SPEC);
        },
        args: ['--spec', 'openapi.yaml'],
        stderr: `holdfast: Could not find the base to compare with: ${'<repo>'} is not in a git repository; expected a git repository (the base defaults to the merge base with the default branch) or --base FILE. Pass --base FILE; retrying will not help.\n`,
      },
      {
        name: 'a base that is neither a file nor a revision',
        setup: async () => {
          await branchWith(BREAKING_SPEC);
        },
        args: ['--spec', 'openapi.yaml', '--base', 'origin/nope'],
        stderr:
          'holdfast: Could not find the base "origin/nope" (--base): no such file, git revision or REV:PATH; expected a contract file, a git revision such as origin/main, or REV:PATH. Fix the base; retrying will not help.\n',
      },
      {
        name: 'no default branch',
        setup: async () => {
          git(repo, 'init', '-q', '-b', 'trunk');
          await writeFile(join(repo, 'openapi.yaml'), BASE_SPEC);
          git(repo, 'add', '.');
          git(repo, 'commit', '-q', '-m', 'base');
        },
        args: ['--spec', 'openapi.yaml'],
        stderr:
          'holdfast: Could not find the base to compare with: no origin/HEAD, main or master branch in this repository; expected a default branch. Pass --base REF (for example --base origin/develop) or set base in the configuration; retrying will not help.\n',
      },
      {
        name: 'a missing spec file',
        setup: async () => {
          await branchWith(BREAKING_SPEC);
        },
        args: ['--spec', 'api.yaml'],
        stderr:
          'holdfast: Could not read revision spec "api.yaml": file not found; expected the service\'s OpenAPI file (--spec or spec in the configuration). Fix the path; retrying will not help.\n',
      },
      {
        name: 'an unknown format',
        setup: async () => {},
        args: ['--output-format', 'pylint'],
        stderr:
          'holdfast: error: Invalid --output-format "pylint": expected one of text, concise, json, markdown, html, sarif, junit, github, gitlab, full, md.\nRun "holdfast --help" for usage.\n',
      },
      {
        name: 'two different formats',
        setup: async () => {},
        args: ['--format', 'json', '--output-format', 'sarif'],
        stderr:
          'holdfast: error: Conflicting report formats: --format json and --output-format sarif; expected one format (the two flags are the same option).\nRun "holdfast --help" for usage.\n',
      },
      {
        name: '--app together with --spec',
        setup: async () => {},
        args: ['--app', 'main:app', '--spec', 'openapi.yaml'],
        stderr:
          "holdfast: error: option '--app <APP>' cannot be used with option '--spec <FILE>'\nRun \"holdfast --help\" for usage.\n",
      },
    ];
    for (const { name, setup, args, stderr } of cases) {
      it(name, async () => {
        await setup();
        const run = await holdfast(repo, args);
        expect(run.stdout).toBe('');
        expect(run.stderr.replaceAll(repo, '<repo>')).toBe(stderr);
        expect(run.status).toBe(2);
      });
    }
  });
});
