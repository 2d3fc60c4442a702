/** `holdfast rollback plan|record`: plan a rollback that is safe for clients, then record it. */
import type { Command } from 'commander';
import { type Format, formatOption, print, STORE_HELP, withApi } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface PlanOptions {
  service: string;
  env: string;
  to?: string;
  format: Format;
  server?: string;
}

interface RecordOptions {
  service: string;
  env: string;
  to: string;
  from?: string;
  by?: string;
  reason?: string;
  format: Format;
  server?: string;
}

const PLAN_HELP = `
The target is --to, or by default the latest earlier deployment of another version in the
environment that was never rolled back there. The plan shows:
  1. what the rollback changes for clients: the live contract compared with the target's, so
     anything added since the target that clients may already use is breaking;
  2. the rollback note recorded with the live deployment and who wrote it, and the last rollback
     there (its reason and who recorded it);
  3. numbered steps: the team's deploy command (holdfast service set --deploy-command, or
     deploy-command in [tool.holdfast]), what to verify, and the "holdfast rollback record" line.

Exit status: 0 the rollback breaks no client, 1 it does (the plan is still printed), 2 could not run.
${STORE_HELP}`;

const RECORD_HELP = `
Marks the rolled-back deployment "rolled_back" and makes --to live (or, when --to was already
redeployed with holdfast deploy, marks the deployment it replaced). --from guards against
recording the wrong rollback: it must name the version being rolled back. Refused: a --to that
never ran in the environment before, and a --to newer than --from (a roll-forward: use deploy).
A wrong record is reversed with holdfast undo rollback-N.
${STORE_HELP}`;

export function registerRollback(program: Command, context: CliContext, outcome: CommandOutcome): void {
  const rollback = program
    .command('rollback')
    .description('Plan a rollback that is safe for clients, and record it once done.');

  formatOption(
    rollback
      .command('plan')
      .description('Show what rolling back changes for clients, the rollback note, and the steps.')
      .requiredOption('--service <name>', 'the service')
      .requiredOption('--env <name>', 'the environment')
      .option('--to <version>', 'the version to roll back to (default: the previous deployment there)'),
  )
    .addHelpText('after', PLAN_HELP)
    .action(async (options: PlanOptions) => {
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          const { loadConfig } = await import('../../config/index.js');
          const config = await loadConfig(context.cwd);
          const result = await api.rollbackPlan({
            service: options.service,
            environment: options.env,
            to: options.to,
            deployCommand: config.deployCommand,
          });
          print(context, registry, options.format, result, registry.renderRollbackPlan);
          return result.safe ? 0 : 1;
        },
        { mustExist: true },
      );
    });

  formatOption(
    rollback
      .command('record')
      .description('Record a rollback that was carried out.')
      .requiredOption('--service <name>', 'the service')
      .requiredOption('--env <name>', 'the environment')
      .requiredOption('--to <version>', 'the version now running again')
      .option('--from <version>', 'the version rolled back (checked against the registry)')
      .option('--by <who>', 'who rolled back')
      .option('--reason <text>', 'why'),
  )
    .addHelpText('after', RECORD_HELP)
    .action(async (options: RecordOptions) => {
      outcome.exitCode = await withApi(context, options.server, async ({ registry, api }) => {
        const result = await api.rollbackRecord({
          service: options.service,
          environment: options.env,
          to: options.to,
          from: options.from,
          by: options.by,
          reason: options.reason,
        });
        print(context, registry, options.format, result, registry.renderRollbackRecord);
        return 0;
      });
    });
}
