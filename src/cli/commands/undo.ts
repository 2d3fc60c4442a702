/** `holdfast undo EVENT_ID --reason TEXT`: reverse a deployment or rollback record, keeping both in history. */
import type { Command } from 'commander';
import { type Format, formatOption, print, STORE_HELP, withApi } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface UndoOptions {
  reason: string;
  by?: string;
  format: Format;
  server?: string;
}

const HELP_AFTER = `
EVENT_ID is an id from holdfast history: deploy-N or rollback-N. Nothing is deleted: a correction
event (undo-N) records who undid what and why, and history shows both. Only the latest state of an
environment can be undone: a deployment that is still live (the one it replaced is live again),
or a rollback whose target is still live (the rolled-back deployment is live again).

Exit status: 0 undone; 1 refused (not the latest state, already undone, publish-N); 2 could not run.
${STORE_HELP}
Example:
  holdfast undo deploy-42 --reason "recorded 1.1.0 by mistake; 1.0.0 never stopped running" --by ana
`;

export function registerUndo(program: Command, context: CliContext, outcome: CommandOutcome): void {
  formatOption(
    program
      .command('undo')
      .description('Reverse a deployment or rollback record with a correction event (nothing is deleted).')
      .argument('<EVENT_ID>', 'deploy-N or rollback-N, as holdfast history shows it')
      .requiredOption('--reason <text>', 'why the record is wrong')
      .option('--by <who>', 'who corrects it'),
  )
    .addHelpText('after', HELP_AFTER)
    .action(async (eventId: string, options: UndoOptions) => {
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          const result = await api.undo({ eventId, reason: options.reason, by: options.by });
          print(context, registry, options.format, result, registry.renderUndo);
          return 0;
        },
        { mustExist: true },
      );
    });
}
