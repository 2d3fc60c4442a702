/** `holdfast history --service S [--env E]`: what ran where, and what changed, over time. */
import type { Command } from 'commander';
import { type Format, formatOption, print, STORE_HELP, withRegistry } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface HistoryOptions {
  service: string;
  env?: string;
  format: Format;
}

const HELP_AFTER = `
Newest first: versions published (with the change from the previous version), deployments (owner,
expected result, rollback note, status, and the change from the version before it in that
environment) and rollbacks; the 50 most recent events. With --env, that environment only.
${STORE_HELP}`;

export function registerHistory(program: Command, context: CliContext, outcome: CommandOutcome): void {
  formatOption(
    program
      .command('history')
      .description('Show versions, deployments and rollbacks of a service over time, with what changed.')
      .requiredOption('--service <name>', 'the service')
      .option('--env <name>', 'only this environment'),
  )
    .addHelpText('after', HELP_AFTER)
    .action(async (options: HistoryOptions) => {
      outcome.exitCode = await withRegistry(context, async ({ registry, store, options: registryOptions }) => {
        const result = await registry.history(
          store,
          { service: options.service, environment: options.env ?? null },
          registryOptions,
        );
        print(context, registry, options.format, result, registry.renderHistory);
        return 0;
      });
    });
}
