/**
 * docs/ci.md: every YAML snippet parses, every `holdfast check` in it uses real options, and the
 * wiring each CI needs is there (history, artifacts, hook ids, action inputs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { POLICY_FINDING_IDS } from '../../src/policy/index.js';
import { checkCommands, checkFlags, flagsOf, ROOT } from './_helpers.js';

const page = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
const blocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
const parsed = blocks.map((block) => load(block) as Record<string, unknown>);

function find<T>(predicate: (document: Record<string, unknown>) => boolean): T[] {
  return parsed.filter(predicate) as T[];
}

describe('docs/ci.md', () => {
  it('has YAML snippets that parse', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const document of parsed) expect(document).toBeTypeOf('object');
  });

  it('uses only options holdfast check has', async () => {
    const flags = await checkFlags();
    const commands = checkCommands(page);
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const command of commands)
      for (const flag of flagsOf(command)) expect(flags, `${flag} in ${command}`).toContain(flag);
  });

  it('GitHub workflows fetch the history and use the action with its declared inputs', () => {
    const action = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    const workflows = find<{ jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> }>(
      (document) => 'jobs' in document,
    );
    expect(workflows).toHaveLength(2);
    for (const workflow of workflows) {
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
      const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@'));
      expect(checkout?.with?.['fetch-depth']).toBe(0);
      for (const step of steps.filter((item) => item.uses?.includes('/holdfast@'))) {
        for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
      }
    }
  });

  it('GitLab CI publishes the Code Quality and JUnit reports holdfast writes', () => {
    const [gitlab] = find<{
      holdfast: { variables: Record<string, string>; script: string[]; artifacts: { reports: Record<string, string> } };
    }>((document) => 'holdfast' in document);
    expect(gitlab.holdfast.variables.GIT_DEPTH).toBe('0');
    const outputOf = (format: string) =>
      gitlab.holdfast.script.map((line) => new RegExp(`--format ${format} -o (\\S+)`).exec(line)?.[1]).find(Boolean);
    expect(gitlab.holdfast.artifacts.reports.codequality).toBe(outputOf('gitlab'));
    expect(gitlab.holdfast.artifacts.reports.junit).toBe(outputOf('junit'));
  });

  it('pre-commit snippets name the hook this repository declares', () => {
    const hooks = load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[];
    const configs = find<{ repos: { repo: string; hooks: { id: string; entry?: string }[] }[] }>(
      (document) => 'repos' in document,
    );
    expect(configs).toHaveLength(2);
    const remote = configs.flatMap((config) => config.repos).find((repo) => repo.repo !== 'local');
    expect(remote?.hooks.map((hook) => hook.id)).toEqual(hooks.map((hook) => hook.id));
  });

  it('nothing documented or generated fetches holdfast from the npm registry by name', () => {
    const pages = [
      'README.md',
      'action.yml',
      '.pre-commit-hooks.yaml',
      'src/init/templates.ts',
      // Pages only: docs/ also holds folders (api/, images/).
      ...readdirSync(join(ROOT, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => `docs/${name}`),
    ];
    const byName = /npx\s+(-[-\w]+\s+)*holdfast\b|npm\s+(install|i|exec|x)\s+(-[-\w]+\s+)*holdfast(@|\s|$)/;
    const offenders = pages.flatMap((page) =>
      readFileSync(join(ROOT, page), 'utf8')
        .split('\n')
        // The pages that say not to do it.
        .filter((line) => byName.test(line) && !/\bnever\b/i.test(line))
        .map((line) => `${page}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('links the configuration page, which documents every finding a policy reports', () => {
    expect(page).toContain('(configuration.md)');
    const configuration = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
    for (const id of POLICY_FINDING_IDS) expect(configuration).toContain(`\n### ${id}\n`);
  });
});
