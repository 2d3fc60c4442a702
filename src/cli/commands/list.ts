/**
 * `holdfast list services|environments|versions`, `holdfast show`, `holdfast environment
 * create|list` and `holdfast service set`: what the registry holds, Pact Broker style.
 */
import { type Command, Option } from 'commander';
import { AppError } from '../../errors.js';
import { type ApiRun, type Format, formatOption, print, STORE_HELP, serverOption, withApi } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

const KINDS = ['services', 'environments', 'versions'] as const;
type Kind = (typeof KINDS)[number];

interface ListOptions {
  service?: string;
  format: Format;
  server?: string;
}

export function registerList(program: Command, context: CliContext, outcome: CommandOutcome): void {
  formatOption(
    program
      .command('list')
      .description('List services, environments, or the versions of a service.')
      .argument('<what>', `one of ${KINDS.join(', ')}`)
      .option('--service <name>', 'the service (required for versions)'),
  )
    .addHelpText(
      'after',
      `
Versions are listed newest first in version order (semantic versions by precedence, other
labels by publish time), with versions deployed but never published.
${STORE_HELP}`,
    )
    .action(async (what: string, options: ListOptions) => {
      const kind = KINDS.find((candidate) => candidate === what);
      if (kind === undefined) {
        throw new AppError('USAGE', `Invalid list "${what}": expected one of ${KINDS.join(', ')}.`);
      }
      if (kind === 'versions' && options.service === undefined) {
        throw new AppError(
          'USAGE',
          'Missing --service for list versions: expected the service whose versions to list.',
        );
      }
      outcome.exitCode = await withApi(
        context,
        options.server,
        async (run) => {
          await listKind(kind, options, context, run);
          return 0;
        },
        { mustExist: true },
      );
    });
}

async function listKind(
  kind: Kind,
  options: ListOptions,
  context: CliContext,
  { registry, api }: ApiRun,
): Promise<void> {
  if (kind === 'services') {
    print(context, registry, options.format, await api.listServices(), registry.renderServices);
  } else if (kind === 'environments') {
    print(context, registry, options.format, await api.listEnvironments(), registry.renderEnvironments);
  } else {
    const result = await api.listVersions({ service: options.service ?? '' });
    print(context, registry, options.format, result, registry.renderVersions);
  }
}

const SHOW_FORMATS = ['text', 'json', 'yaml'] as const;
type ShowFormat = (typeof SHOW_FORMATS)[number];

export function registerShow(program: Command, context: CliContext, outcome: CommandOutcome): void {
  serverOption(program.command('show'))
    .description('Print the stored contract of a published version.')
    .requiredOption('--service <name>', 'the service')
    .requiredOption('--version <label>', 'the published version')
    .addOption(
      new Option('--format <format>', `output format: ${SHOW_FORMATS.join(', ')}`)
        .default('text')
        .argParser((value) => {
          const match = SHOW_FORMATS.find((format) => format === value);
          if (match === undefined) {
            throw new AppError('USAGE', `Invalid --format "${value}": expected one of ${SHOW_FORMATS.join(', ')}.`);
          }
          return match;
        }),
    )
    .addHelpText(
      'after',
      `
text and json print the contract exactly as stored (canonical JSON: keys sorted, two-space
indent), so a finding that cites shop@1.1.0:18 is line 18 of this output; yaml prints the same
document as YAML (its lines differ).
${STORE_HELP}`,
    )
    .action(async (options: { service: string; version: string; format: ShowFormat; server?: string }) => {
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ api }) => {
          const result = await api.showVersion({ service: options.service, version: options.version });
          if (options.format === 'yaml') {
            const { dump } = await import('js-yaml');
            context.stdout.write(dump(JSON.parse(result.text), { lineWidth: -1, noRefs: true }));
          } else {
            context.stdout.write(result.text);
          }
          return 0;
        },
        { mustExist: true },
      );
    });
}

export function registerEnvironment(program: Command, context: CliContext, outcome: CommandOutcome): void {
  const environment = program
    .command('environment')
    .description('Create environments (with a production flag) and list them.');
  formatOption(
    environment
      .command('create')
      .description('Create an environment, or change its production flag.')
      .argument('<name>', 'the environment')
      .option('--production', 'flag it as production (can-i-deploy reports the flag; policies may key on it)'),
  )
    .addHelpText('after', STORE_HELP)
    .action(async (name: string, options: { production?: boolean; format: Format; server?: string }) => {
      outcome.exitCode = await withApi(context, options.server, async ({ registry, api }) => {
        const result = await api.createEnvironment({ name, production: options.production === true });
        print(context, registry, options.format, result, registry.renderEnvironmentCreate);
        return 0;
      });
    });
  formatOption(environment.command('list').description('List environments and their production flag.'))
    .addHelpText('after', STORE_HELP)
    .action(async (options: { format: Format; server?: string }) => {
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          print(context, registry, options.format, await api.listEnvironments(), registry.renderEnvironments);
          return 0;
        },
        { mustExist: true },
      );
    });
}

export function registerService(program: Command, context: CliContext, outcome: CommandOutcome): void {
  const service = program.command('service').description("Record a service's settings.");
  formatOption(
    service
      .command('set')
      .description("Record the service's deploy command, which rollback plans print.")
      .requiredOption('--service <name>', 'the service')
      .requiredOption('--deploy-command <command>', "the team's deploy command ('' clears it)"),
  )
    .addHelpText(
      'after',
      `
{service}, {version} and {env} in the command are filled in (shell-quoted) by rollback plans.
A command recorded here wins over deploy-command in [tool.holdfast] / holdfast.yaml.
${STORE_HELP}
Example:
  holdfast service set --service shop --deploy-command 'make deploy SERVICE={service} VERSION={version} ENV={env}'
`,
    )
    .action(async (options: { service: string; deployCommand: string; format: Format; server?: string }) => {
      outcome.exitCode = await withApi(context, options.server, async ({ registry, api }) => {
        const result = await api.setService({ service: options.service, deployCommand: options.deployCommand });
        print(context, registry, options.format, result, registry.renderServiceSet);
        return 0;
      });
    });
}
