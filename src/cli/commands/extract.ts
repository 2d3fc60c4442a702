/** `holdfast extract APP`: print (or write) the OpenAPI document a Python app generates, without serving it. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError, retryAdvice } from '../../errors.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface ExtractCommandOptions {
  python?: string;
  appDir?: string;
  output?: string;
  sourceMap?: string;
}

const HELP_AFTER = `
APP is what you would give uvicorn, imported from the current folder (or --app-dir):
  main:app                  a FastAPI (or Starlette-based) app object
  shop.api:create_app()     an app factory, called without arguments
  shop.api:openapi          a function returning the OpenAPI document (Litestar, django-ninja,
                            Flask extensions, or your own)
The app is imported, never served. The output is sorted JSON, byte-identical across runs for the
same code, so it can be committed and diffed. --source-map FILE also writes where the code defines
each part (JSON pointer -> file and line; FastAPI apps), the map diff and check use to cite Python lines.

Python interpreter, first match wins:
  --python PATH, [tool.holdfast] python in pyproject.toml, $VIRTUAL_ENV, .venv/ or venv/ in the
  project, python3 on PATH. Pick the one that has your app's dependencies installed.

Examples:
  holdfast extract main:app -o openapi.json
  holdfast extract shop.main:create_app() --app-dir src --python .venv/bin/python
  holdfast diff git:main:py:main:app py:main:app     # the same extraction, inside diff and check
`;

/** Registers `extract` on `program`. */
export function registerExtract(program: Command, context: CliContext, outcome: CommandOutcome): void {
  program
    .command('extract')
    .description('Print the OpenAPI document of a Python app (FastAPI and others), importing it without serving it.')
    .argument('<APP>', 'module:attribute, as for uvicorn (main:app, shop.api:create_app())')
    .option('--python <path>', 'the Python interpreter that has the app and its dependencies')
    .option('--app-dir <dir>', 'folder put first on sys.path (default: the current folder)')
    .option('-o, --output <file>', 'write the document to FILE instead of standard output')
    .option('--source-map <file>', 'also write where the code defines each part of the document to FILE (JSON)')
    .addHelpText('after', HELP_AFTER)
    .action(async (app: string, options: ExtractCommandOptions) => {
      outcome.exitCode = await runExtract(app, options, context);
    });
}

async function runExtract(app: string, options: ExtractCommandOptions, context: CliContext): Promise<number> {
  // Imported here, not at the top: `holdfast --help` must not pay for it.
  const { codeRootOf, extractOpenApi, renderCodeMap } = await import('../../extract/index.js');
  const started = performance.now();
  const extraction = await extractOpenApi(app, {
    cwd: context.cwd,
    python: options.python,
    appDir: options.appDir,
    env: context.env,
    codeRoot: options.sourceMap === undefined ? undefined : await codeRootOf(context.cwd),
  });
  if (options.sourceMap !== undefined && extraction.codeMap !== undefined) {
    await writeOutput(options.sourceMap, renderCodeMap(extraction.codeMap), context);
  }
  if (options.output === undefined || options.output === '-') {
    context.stdout.write(extraction.text);
    return 0;
  }
  await writeOutput(options.output, extraction.text, context);
  const version = extraction.document.openapi ?? extraction.document.swagger;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  context.stderr.write(
    `Wrote ${options.output} (OpenAPI ${String(version)}) from ${app} with ${extraction.interpreter} (${extraction.interpreterOrigin}) in ${seconds} s.\n`,
  );
  return 0;
}

async function writeOutput(file: string, text: string, context: CliContext): Promise<void> {
  try {
    await writeFile(resolve(context.cwd, file), text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'WRITE_FAILED',
      `Could not write "${file}": ${reason}; expected a writable file path. ${retryAdvice(false, 'Fix the path or permissions')}`,
      { cause: error },
    );
  }
}
