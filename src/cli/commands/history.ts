/** `holdfast history --service S [--env E]`: what ran where, and what changed, over time. */
import type { Command } from 'commander';
import { type Format, formatOption, positiveInteger, print, STORE_HELP, withApi } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface HistoryOptions {
  service: string;
  env?: string;
  limit: number;
  since?: string;
  format: Format;
  server?: string;
}

const HELP_AFTER = `
Newest first: versions published (each with the change from the version before it in version
order: semantic versions by precedence, other labels by publish time), deployments (owner,
expected result, rollback note, status, and the change from the version before it in that
environment), rollbacks and corrections (holdfast undo). Each event shows its id ([deploy-12]),
which holdfast undo takes. With --env, that environment only (in the JSON too).
${STORE_HELP}`;

export function registerHistory(program: Command, context: CliContext, outcome: CommandOutcome): void {
  formatOption(
    program
      .command('history')
      .description('Show versions, deployments and rollbacks of a service over time, with what changed.')
      .requiredOption('--service <name>', 'the service')
      .option('--env <name>', 'only this environment')
      .option('--limit <n>', 'the most recent N events', positiveInteger, 50)
      .option('--since <date>', 'only events since this date (YYYY-MM-DD) or ISO-8601 time'),
  )
    .addHelpText('after', HELP_AFTER)
    .action(async (options: HistoryOptions) => {
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          const result = await api.history({
            service: options.service,
            environment: options.env ?? null,
            limit: options.limit,
            since: options.since,
          });
          print(context, registry, options.format, result, registry.renderHistory);
          return 0;
        },
        { mustExist: true },
      );
    });
}
