/** `holdfast init`: set holdfast up in a Python project (config, CI workflow, pytest module). */
import type { Command } from 'commander';
import type { CliContext, CommandOutcome } from '../context.js';

interface InitCommandOptions {
  app?: string;
  appDir?: string;
  python?: string;
  workflow: boolean;
  pytest: boolean;
  dryRun?: boolean;
}

const HELP_AFTER = `
What it does (nothing existing is overwritten; running it twice changes nothing):
  pyproject.toml                   adds [tool.holdfast] app = "module:attr" (and python, when the
                                   project has a .venv/), or leaves a configured table alone
  .github/workflows/holdfast.yml   runs "holdfast check" on pull requests and posts the report
  tests/test_api_contract.py       runs "holdfast check" from pytest
  .gitignore                       adds .holdfast/ (the local registry), at the git root
  .pre-commit-config.yaml          printed for you to paste, never written

Examples:
  holdfast init
  holdfast init --app shop.main:create_app() --app-dir src --no-workflow
`;

/** Registers `init` on `program`. */
export function registerInit(program: Command, context: CliContext, outcome: CommandOutcome): void {
  program
    .command('init')
    .description('Set holdfast up in a Python project: find the app, configure it, add CI and pytest checks.')
    .option('--app <app>', 'the app as module:attribute (default: found by scanning the project)')
    .option('--app-dir <dir>', 'folder the app is imported from, relative to the project')
    .option('--python <path>', 'interpreter to record as [tool.holdfast] python (default: .venv/bin/python if present)')
    .option('--no-workflow', 'do not add .github/workflows/holdfast.yml')
    .option('--no-pytest', 'do not add tests/test_api_contract.py')
    .option('--dry-run', 'print what would be done, write nothing')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: InitCommandOptions) => {
      outcome.exitCode = await runInit(options, context, program.version() ?? '0.0.0');
    });
}

async function runInit(options: InitCommandOptions, context: CliContext, version: string): Promise<number> {
  const { applyInit, planInit, HOLDFAST_REPOSITORY } = await import('../../init/index.js');
  const plan = await planInit({
    cwd: context.cwd,
    app: options.app,
    appDir: options.appDir,
    python: options.python,
    workflow: options.workflow,
    pytest: options.pytest,
    version,
  });
  if (options.dryRun !== true) await applyInit(plan, context.cwd);
  const out = (line = '') => context.stdout.write(`${line}\n`);
  const chosen = plan.candidates[0];
  if (plan.origin === 'detected' && chosen !== undefined) {
    out(`Found the app ${plan.app} (${chosen.file}:${chosen.line}).`);
    const others = plan.candidates
      .slice(1)
      .map((candidate) => `${candidate.target} (${candidate.file}:${candidate.line})`);
    if (others.length > 0) out(`Also found: ${others.join(', ')}. Pass --app to choose another.`);
  } else {
    out(`The app is ${plan.app} (${plan.origin === 'option' ? '--app' : '[tool.holdfast] app in pyproject.toml'}).`);
  }
  out();
  const verbs =
    options.dryRun === true
      ? { create: 'would create', update: 'would update', keep: 'keep' }
      : { create: 'created', update: 'updated', keep: 'kept' };
  const width = Math.max(...Object.values(verbs).map((verb) => verb.length));
  for (const file of plan.files) {
    const reason = file.action === 'keep' && file.reason !== undefined ? ` (${file.reason})` : '';
    out(`  ${verbs[file.action].padEnd(width)}  ${file.path}${reason}`);
  }
  if (plan.files.some((file) => file.path === '.github/workflows/holdfast.yml' && file.action !== 'keep')) {
    out();
    out(`Replace ${HOLDFAST_REPOSITORY} in .github/workflows/holdfast.yml with the repository you get holdfast from.`);
  }
  out();
  out('To also check before each push, add this to .pre-commit-config.yaml:');
  out();
  for (const line of plan.preCommit.trimEnd().split('\n')) out(line === '' ? '' : `    ${line}`);
  out();
  out('Next:');
  const next = [
    [
      `holdfast extract ${plan.app}${plan.appDir === undefined ? '' : ` --app-dir ${plan.appDir}`}`,
      'the contract, as clients see it',
    ],
    ['holdfast check', 'compare it with the merge base of your branch'],
  ];
  const commandWidth = Math.max(...next.map(([command]) => command.length));
  for (const [command, comment] of next) out(`  ${command.padEnd(commandWidth)}   # ${comment}`);
  return 0;
}
