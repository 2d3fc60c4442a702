/** `holdfast deploy --service S --version V --env E`: record a deployment. */
import { type Command, Option } from 'commander';
import { type Format, formatOption, print, STORE_HELP, withApi } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface DeployOptions {
  service: string;
  version: string;
  env: string;
  owner?: string;
  by?: string;
  expect?: string;
  rollbackNote?: string;
  allowUnpublished?: boolean;
  force?: boolean;
  format: Format;
  server?: string;
}

const HELP_AFTER = `
The deployment live in that environment until now becomes "replaced". Record who owns the
deployment, what should be true once it runs, and how to roll it back: holdfast shows them with
every deployment, and rollback plans quote them.

Refused (exit 1) unless you say otherwise:
  a version never published (the registry has no contract for it)    --allow-unpublished
  a version rolled back in that environment (the reason is shown)   --force
Repeating a deployment that is live records nothing and says so; a repeat without --expect or
--rollback-note keeps the ones recorded. A wrong record is reversed with holdfast undo.
${STORE_HELP}
Example:
  holdfast deploy --service shop --version 1.4.0 --env production --owner ana \\
    --expect "checkout p95 < 300 ms, no 5xx" --rollback-note "safe to redeploy 1.3.2; tell the mobile team"
`;

export function registerDeploy(program: Command, context: CliContext, outcome: CommandOutcome): void {
  formatOption(
    program
      .command('deploy')
      .description('Record that a version of a service now runs in an environment.')
      .requiredOption('--service <name>', 'the service')
      .requiredOption('--version <label>', 'the version deployed')
      .requiredOption('--env <name>', 'the environment (created on first use)')
      .option('--owner <who>', 'who deployed it and answers for it')
      // `rollback record` and `undo` say who with --by; a hurried `deploy --by` means the owner.
      .addOption(new Option('--by <who>', 'the same as --owner').hideHelp())
      .option('--expect <text>', 'the expected result: what to check once it runs')
      .option('--rollback-note <text>', 'how to roll it back, and what to watch for')
      .option('--allow-unpublished', 'record a version that was never published (with a warning)')
      .option('--force', 'deploy a version that was rolled back in this environment'),
  )
    .addHelpText('after', HELP_AFTER)
    .action(async (options: DeployOptions) => {
      outcome.exitCode = await withApi(context, options.server, async ({ registry, api }) => {
        const result = await api.deploy({
          service: options.service,
          version: options.version,
          environment: options.env,
          owner: options.owner ?? options.by,
          expectedResult: options.expect,
          rollbackNote: options.rollbackNote,
          allowUnpublished: options.allowUnpublished === true,
          force: options.force === true,
        });
        print(context, registry, options.format, result, registry.renderDeploy);
        return 0;
      });
    });
}
