/**
 * The whole comparison, from two inputs to findings: load -> normalize -> diff -> rules
 * (DESIGN.md §1). The CLI and, later, the server call this; it never prints or exits.
 *
 * @example
 * const result = await compareSpecs('git:main:openapi.yaml', 'openapi.yaml', { cwd: process.cwd() });
 * if (result.summary.breaking > 0) ...
 */
import { type DiffOptions, diffContracts } from './diff/index.js';
import { DocumentSet, type PythonSourceOptions, parseSource, parseSourcesSettled, readSource } from './load/index.js';
import type { ParsedDocument, Source } from './load/types.js';
import { buildContract, detectVersion } from './normalize/contract.js';
import type { Contract } from './normalize/model.js';
import { type RunOptions, runRules, summarize } from './rules/run.js';
import type { ComparisonResult } from './rules/types.js';
import { createProver } from './witness/index.js';

/** `PythonSourceOptions` (python, appDir, env) apply to `py:` and `git:REV:py:` inputs. */
export interface CompareOptions extends Omit<RunOptions, 'rules'>, DiffOptions, PythonSourceOptions {
  cwd: string;
  /** Allow `$ref`s to files outside the spec's folder and to remote URLs. */
  allowExternalRefs?: boolean;
  readStdin?: (maxBytes: number) => Promise<string>;
  /** Largest input (each spec, stdin, URL, `$ref` target), in bytes; load/limits.ts has the default. */
  maxInputBytes?: number;
  /**
   * Parse the second of two large YAML documents in a worker thread: true always, false never,
   * undefined for the default of load/parse-parallel.ts.
   */
  parseWorker?: boolean;
}

export async function compareSpecs(base: string, revision: string, options: CompareOptions): Promise<ComparisonResult> {
  const [baseSource, revisionSource] = await Promise.allSettled([
    readSpec(base, 'base', options),
    readSpec(revision, 'revision', options),
  ]);
  if (baseSource.status === 'rejected') throw baseSource.reason;
  if (revisionSource.status === 'rejected') {
    // The base's own error comes first, as when each side is loaded on its own.
    await contractFromSource(baseSource.value, 'base', options);
    throw revisionSource.reason;
  }
  const [baseContract, revisionContract] = await contractsFromSources(baseSource.value, revisionSource.value, options);
  return compareContracts(baseContract, revisionContract, options);
}

/**
 * Compare two documents already in memory (e.g. read from the registry). `displayName` is what
 * findings cite as the file.
 *
 * @example
 * await compareSources({ uri: 'registry:shop@1.2.0', displayName: 'shop@1.2.0', text }, revisionSource, { cwd });
 */
export async function compareSources(
  base: Source,
  revision: Source,
  options: CompareOptions,
): Promise<ComparisonResult> {
  const [baseContract, revisionContract] = await contractsFromSources(base, revision, options);
  return compareContracts(baseContract, revisionContract, options);
}

/**
 * Both contracts, the two documents parsed at once (a large YAML pair uses a worker thread:
 * load/parse-parallel.ts) and the rest of each side loaded concurrently.
 */
async function contractsFromSources(
  base: Source,
  revision: Source,
  options: CompareOptions,
): Promise<[Contract, Contract]> {
  const [baseDocument, revisionDocument] = await parseSourcesSettled(
    [
      { source: base, role: 'base' },
      { source: revision, role: 'revision' },
    ],
    { workers: options.parseWorker },
  );
  return bothSides(
    contractFromParsed(baseDocument, 'base', options),
    contractFromParsed(revisionDocument, 'revision', options),
  );
}

async function contractFromParsed(
  parsed: PromiseSettledResult<ParsedDocument>,
  role: string,
  options: CompareOptions,
): Promise<Contract> {
  if (parsed.status === 'rejected') throw parsed.reason;
  return contractFromDocument(parsed.value, role, options);
}

/**
 * Both sides, loaded concurrently. When both fail, the base's error is the one reported, so the
 * same broken inputs always give the same message (Promise.all would report whichever failed first).
 */
export async function bothSides<T>(base: Promise<T>, revision: Promise<T>): Promise<[T, T]> {
  const [baseResult, revisionResult] = await Promise.allSettled([base, revision]);
  if (baseResult.status === 'rejected') throw baseResult.reason;
  if (revisionResult.status === 'rejected') throw revisionResult.reason;
  return [baseResult.value, revisionResult.value];
}

export function compareContracts(
  baseContract: Contract,
  revisionContract: Contract,
  options: Omit<CompareOptions, 'cwd'> = {},
): ComparisonResult {
  const diff = diffContracts(baseContract, revisionContract, options);
  const findings = runRules(diff, { ...options, prove: options.prove ?? createProver(diff) });
  return {
    base: baseContract.doc.source.displayName,
    revision: revisionContract.doc.source.displayName,
    findings,
    summary: summarize(findings),
  };
}

/** Read a spec (file, URL, `git:`, stdin) and build its contract. */
export async function loadContract(spec: string, role: string, options: CompareOptions): Promise<Contract> {
  return contractFromSource(await readSpec(spec, role, options), role, options);
}

function readSpec(spec: string, role: string, options: CompareOptions): Promise<Source> {
  return readSource(spec, {
    role,
    cwd: options.cwd,
    readStdin: options.readStdin,
    python: options.python,
    appDir: options.appDir,
    env: options.env,
    maxBytes: options.maxInputBytes,
  });
}

/** Parse, check the version, load external references, normalize. */
export async function contractFromSource(source: Source, role: string, options: CompareOptions): Promise<Contract> {
  return contractFromDocument(parseSource(source, role), role, options);
}

async function contractFromDocument(
  document: ParsedDocument,
  role: string,
  options: CompareOptions,
): Promise<Contract> {
  const source = document.source;
  detectVersion(document.root, role, source.displayName);
  const documents = new DocumentSet(document, {
    allowExternalRefs: options.allowExternalRefs ?? false,
    cwd: options.cwd,
    role,
    maxBytes: options.maxInputBytes,
  });
  await documents.preload();
  return buildContract(document, documents, role);
}
