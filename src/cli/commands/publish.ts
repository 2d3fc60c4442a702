/** `holdfast publish --service S --version V [CONTRACT]`: store a contract version in the registry. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { maxInputBytes } from '../_limits.js';
import { type Format, formatOption, gitProvenance, print, STORE_HELP, serverUrl, withApi } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface PublishOptions {
  service: string;
  version: string;
  format: Format;
  server?: string;
}

/** Looked for, in this order, when CONTRACT is not given. */
const DEFAULT_CONTRACTS = ['openapi.yaml', 'openapi.yml', 'openapi.json'];

const HELP_AFTER = `
CONTRACT is a file, - (standard input), an http(s) URL or git:REV:PATH; by default
${DEFAULT_CONTRACTS.join(', ')} in the current folder. The git branch and commit are recorded
when known.

Publishing the same service, version and content again changes nothing; the same version with
different content is refused (publish it under a new version).
${STORE_HELP}
Examples:
  holdfast publish --service shop --version 1.4.0 openapi.yaml
  holdfast publish --service shop --version "$(git rev-parse --short HEAD)" git:HEAD:openapi.json
`;

export function registerPublish(program: Command, context: CliContext, outcome: CommandOutcome): void {
  formatOption(
    program
      .command('publish')
      .description('Store a version of a service contract in the registry.')
      .argument('[CONTRACT]', 'the contract to store (default: openapi.yaml|yml|json here)')
      .requiredOption('--service <name>', 'the service the contract belongs to')
      .requiredOption('--version <label>', 'the version label (a semver or git SHA)'),
  )
    .addHelpText('after', HELP_AFTER)
    .action(async (contract: string | undefined, options: PublishOptions) => {
      outcome.exitCode = await runPublish(contract, options, context);
    });
}

async function runPublish(contract: string | undefined, options: PublishOptions, context: CliContext): Promise<number> {
  const spec = contract ?? DEFAULT_CONTRACTS.find((name) => existsSync(join(context.cwd, name)));
  if (spec === undefined) {
    throw new AppError(
      'USAGE',
      `No CONTRACT given: found no ${DEFAULT_CONTRACTS.join(', ')} in ${context.cwd}; expected a contract path, -, a URL or git:REV:PATH.`,
    );
  }
  const { readSource } = await import('../../load/index.js');
  // The input is read (and a git: revision validated, as diff does) before git runs for provenance:
  // `git:--upload-pack=...:PATH` must never reach a git command line.
  const source = await readSource(spec, {
    role: 'contract',
    cwd: context.cwd,
    readStdin: context.readStdin,
    maxBytes: maxInputBytes(context.env),
  });
  const provenance = await gitProvenance(spec, context);
  const newRegistryRoot =
    serverUrl(context, options.server) === undefined ? await newLocalRegistryRoot(context) : undefined;
  return withApi(context, options.server, async ({ registry, api }) => {
    const result = await api.publish({ service: options.service, version: options.version, source, ...provenance });
    print(context, registry, options.format, result, registry.renderPublish);
    if (newRegistryRoot !== undefined) await ignoreRegistry(newRegistryRoot, context);
    return 0;
  });
}

/** The git root, when this publish is about to create the default registry (.holdfast/registry.db) there. */
async function newLocalRegistryRoot(context: CliContext): Promise<string | undefined> {
  const { DEFAULT_DB_PATH, projectRoot, resolveStoreConfig } = await import('../../store/index.js');
  const config = resolveStoreConfig({ env: context.env, cwd: context.cwd });
  const root = projectRoot(context.cwd);
  if (config.kind !== 'sqlite' || config.path !== join(root, DEFAULT_DB_PATH)) return undefined;
  return existsSync(join(root, '.git')) && !existsSync(config.path) ? root : undefined;
}

/** The first publish keeps the local registry out of git (`holdfast init` does the same). */
async function ignoreRegistry(root: string, context: CliContext): Promise<void> {
  const { ignoreRegistryFolder, REGISTRY_IGNORE_LINE } = await import('../../store/gitignore.js');
  if (await ignoreRegistryFolder(root)) {
    context.stderr.write(
      `holdfast: added ${REGISTRY_IGNORE_LINE} to ${join(root, '.gitignore')}: the local registry stays out of git (remove the line to commit it).\n`,
    );
  }
}
