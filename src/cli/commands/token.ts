/** `holdfast token create|list|revoke`: API tokens for `holdfast serve`, in the registry database. */
import type { Command } from 'commander';
import { type Format, formatOption, print, STORE_HELP, withApi } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

const ROLES = 'read < publish < deploy < admin';

const CREATE_HELP = `
Roles (each may do what the roles before it may):
  read     list, show, history, diff, can-i-deploy, rollback plan, usage show, deploy compare
  publish  + publish, usage ingest
  deploy   + deploy, rollback record, undo, environment create, service set
  admin    + token create, list, revoke over the API

The token is printed once: only its SHA-256 is stored. Give it to a CI job as HOLDFAST_TOKEN
(with HOLDFAST_SERVER=https://holdfast.example.com), or paste it in the dashboard's login form.
${STORE_HELP}
Example:
  holdfast token create --role publish --name ci-shop
`;

export function registerToken(program: Command, context: CliContext, outcome: CommandOutcome): void {
  const token = program.command('token').description(`Create, list and revoke API tokens (roles ${ROLES}).`);

  formatOption(
    token
      .command('create')
      .description('Create a token and print it (once).')
      .requiredOption('--role <role>', `read, publish, deploy or admin (${ROLES})`)
      .requiredOption('--name <name>', 'a name to list and revoke it by (e.g. ci-shop)')
      .option('--by <who>', 'who created it'),
  )
    .addHelpText('after', CREATE_HELP)
    .action(async (options: { role: string; name: string; by?: string; format: Format; server?: string }) => {
      outcome.exitCode = await withApi(context, options.server, async ({ registry, api }) => {
        const role = registry.parseRole(options.role);
        const result = await api.createToken({ name: options.name, role, by: options.by });
        print(context, registry, options.format, result, registry.renderTokenCreate);
        return 0;
      });
    });

  formatOption(token.command('list').description('List tokens: name, role, when created, whether revoked.'))
    .addHelpText('after', STORE_HELP)
    .action(async (options: { format: Format; server?: string }) => {
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          print(context, registry, options.format, await api.listTokens(), registry.renderTokenList);
          return 0;
        },
        { mustExist: true },
      );
    });

  formatOption(
    token
      .command('revoke')
      .description('Revoke a token: requests with it get 401 from now on.')
      .argument('<name>', 'the token name (holdfast token list)'),
  )
    .addHelpText('after', STORE_HELP)
    .action(async (name: string, options: { format: Format; server?: string }) => {
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          const result = await api.revokeToken({ name });
          print(context, registry, options.format, result, registry.renderTokenRevoke);
          return 0;
        },
        { mustExist: true },
      );
    });
}
