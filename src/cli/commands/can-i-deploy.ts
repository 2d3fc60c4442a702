/** `holdfast can-i-deploy --service S --version V --to E`: exit 0 yes, 1 no. */
import { type Command, Option } from 'commander';
import { AppError } from '../../errors.js';
import { type Format, formatOption, print, STORE_HELP, withApi } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface CanIDeployOptions {
  service: string;
  version: string;
  to?: string;
  env?: string;
  allowUnknown?: boolean;
  retryWhileUnknown?: number;
  format: Format;
  server?: string;
}

const HELP_AFTER = `
Compares the version with the contract live in the environment (live = base, candidate =
revision) and applies the project's policy (holdfast.yaml or [tool.holdfast]; defaults otherwise).
In an environment flagged production (holdfast environment create NAME --production),
production-fail-on replaces fail-on.

Exit status:
  0  yes: nothing blocks (also when nothing is live there)
  1  no: a change at or above the policy's fail-on level would reach clients; or unknown: the
     live version has no stored contract (yes with a warning under --allow-unknown)
  2  could not run (unknown service, version or environment; unpublished candidate; bad usage)

--retry-while-unknown SECONDS asks again every 5 seconds, for up to SECONDS, while the answer is
unknown or the candidate is not published yet (publish and deploy racing in a pipeline).
${STORE_HELP}
Example:
  holdfast can-i-deploy --service shop --version 1.4.0 --to production
`;

export function registerCanIDeploy(program: Command, context: CliContext, outcome: CommandOutcome): void {
  formatOption(
    program
      .command('can-i-deploy')
      .description('Check a published version against what is live in an environment.')
      .requiredOption('--service <name>', 'the service')
      .requiredOption('--version <label>', 'the published version you want to deploy')
      .option('--to <env>', '(required) the environment')
      // deploy, rollback and history say --env: a hurried `can-i-deploy --env` means --to.
      .addOption(new Option('--env <env>', 'the same as --to').hideHelp())
      .option('--allow-unknown', 'say yes (with a warning) when the live version has no stored contract')
      .option('--retry-while-unknown <seconds>', 'keep asking for up to this many seconds while unknown', seconds),
  )
    .addHelpText('after', HELP_AFTER)
    .action(async (options: CanIDeployOptions) => {
      const environment = options.to ?? options.env;
      if (environment === undefined) {
        throw new AppError(
          'USAGE',
          'Missing the environment: can-i-deploy asks about one environment; expected --to ENV (or --env ENV), for example --to production.',
        );
      }
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          const { loadConfig } = await import('../../config/index.js');
          const config = await loadConfig(context.cwd);
          const result = await api.canIDeploy({
            service: options.service,
            version: options.version,
            environment,
            allowUnknown: options.allowUnknown === true,
            retryWhileUnknownSeconds: options.retryWhileUnknown,
            productionFailOn: config.productionFailOn,
          });
          print(context, registry, options.format, result, registry.renderCanIDeploy);
          return result.verdict === 'yes' ? 0 : 1;
        },
        { mustExist: true },
      );
    });
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
    throw new AppError('USAGE', `Invalid --retry-while-unknown "${value}": expected a number of seconds (0 or more).`);
  }
  return parsed;
}
