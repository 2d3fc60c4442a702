/**
 * Witnesses: a breaking schema finding is proven by a concrete value that the base accepts and the
 * revision rejects (what clients send), or that the revision allows and the base did not (what
 * clients receive), confirmed by a real JSON Schema 2020-12 validator (validator.ts) against both sides'
 * schemas (DESIGN.md §2). A layer between rules and reports: `createProver(diff)` gives the rules
 * engine a `Prover` (rules/run.ts demotes what it cannot prove); nothing here judges a change.
 *
 * How a witness is found: candidate values come from the schema pair the finding is about
 * (generate.ts: a minimal valid value, then mutations toward what the rule names, then generic
 * ones); the first the validator confirms at that pair is placed into a minimal valid value of
 * the whole request body, response body or parameter it sits in, and confirmed again there. When
 * that placement fails the value of the inner schema is kept, labelled with where it sits.
 *
 * @example
 * const findings = runRules(diff, { prove: createProver(diff) });
 * findings[0].witness; // { value: { name: 'a' }, acceptedBy: 'base', of: 'request body (application/json)' }
 */
import type { ContractDiff, OperationDiff, SchemaPair } from '../diff/index.js';
import type { Schema } from '../normalize/model.js';
import { describeSchemaLocation, type ProofRequest, type Prover } from '../rules/run.js';
import type { Witness } from '../rules/types.js';
import { candidates, Sampler, SchemaReader } from './generate.js';
import { type JsonSchema, Translator } from './json-schema.js';
import { type Validate, Validator } from './validator.js';

export { type JsonSchema, toJsonSchema } from './json-schema.js';

/** Candidates tried per schema pair and rule before giving up (each is two validator calls). */
const BUDGET = 400;

interface Compiled {
  schema: JsonSchema;
  validate: Validate | undefined;
  reader: SchemaReader;
}

/** A step from a pair to a child pair, in terms of the value: a property, an item, or the same value. */
type Step = { property: string } | { item: number } | { additional: true } | { same: true };

export function createProver(diff: ContractDiff): Prover {
  return new WitnessProver(diff);
}

/** One side's schemas for one direction: translated once each, registered with the validator by id. */
interface Side {
  translator: Translator;
  reader: SchemaReader;
}

class WitnessProver implements Prover {
  private readonly validator = new Validator((uri) => this.resolve(uri));
  private readonly sidesByKey = new Map<string, Side>();
  private readonly compiled = new Map<string, Compiled>();
  private readonly local = new Map<SchemaPair, Map<string, unknown[]>>();
  private readonly lifted = new Map<string, Witness | null>();

  constructor(private readonly diff: ContractDiff) {}

  prove(request: ProofRequest): Witness | undefined {
    const { pair, root, operation } = request;
    const acceptedBy = pair.direction === 'request' ? 'base' : 'revision';
    const values = this.localValues(request);
    if (values.length === 0) return undefined;
    if (root && operation) {
      const key = `${root.id}|${pair.id}|${request.rule}|${JSON.stringify(request.args)}`;
      let witness = this.lifted.get(key);
      if (witness === undefined) {
        witness = this.lift(root, pair, values, operation);
        this.lifted.set(key, witness);
      }
      if (witness) return witness;
    }
    return { value: values[0], acceptedBy, of: describeSchemaLocation(pair, 'revision'), schemas: pointersOf(pair) };
  }

  /** Values confirmed at the pair itself (up to three), for the rule's change. */
  private localValues(request: ProofRequest): unknown[] {
    const { pair, rule, args } = request;
    let byRule = this.local.get(pair);
    if (!byRule) {
      byRule = new Map();
      this.local.set(pair, byRule);
    }
    const key = `${rule}|${JSON.stringify(args)}`;
    const known = byRule.get(key);
    if (known) return known;
    const found: unknown[] = [];
    const [accepting, rejecting] = this.sides(pair);
    if (accepting.validate && rejecting.validate) {
      let tried = 0;
      const seen = new Set<string>();
      const readers = { accepting: accepting.reader, rejecting: rejecting.reader };
      for (const value of candidates(accepting.schema, rejecting.schema, { rule, args }, readers)) {
        if (++tried > BUDGET) break;
        if (value === undefined) continue;
        const text = JSON.stringify(value);
        if (seen.has(text)) continue;
        seen.add(text);
        if (accepting.validate(value) && !rejecting.validate(value)) {
          found.push(value);
          if (found.length >= 3) break;
        }
      }
    }
    byRule.set(key, found);
    return found;
  }

  /** The local value placed into a minimal valid value of the root, confirmed there; null when none. */
  private lift(root: SchemaPair, pair: SchemaPair, values: unknown[], operation: OperationDiff): Witness | null {
    const acceptedBy = pair.direction === 'request' ? 'base' : 'revision';
    const of = rootLabel(root, operation);
    if (root === pair) return { value: values[0], acceptedBy, of, schemas: pointersOf(root) };
    const path = pathBetween(root, pair);
    if (!path) return null;
    const [accepting, rejecting] = this.sides(root);
    if (!accepting.validate || !rejecting.validate) return null;
    const sampler = new Sampler(accepting.reader);
    // The minimal value first; one with every declared property only when that fails (it is large).
    const skeletons: unknown[] = [sampler.sample(accepting.schema)];
    for (let index = 0; index < 2; index++) {
      if (index === 1) skeletons.push(sampler.sample(accepting.schema, { full: true }));
      for (const value of values) {
        const placed = place(skeletons[index], path, value);
        if (accepting.validate(placed) && !rejecting.validate(placed)) {
          return { value: placed, acceptedBy, of, schemas: pointersOf(root) };
        }
      }
    }
    return null;
  }

  /** [accepting, rejecting] compiled schemas of a pair (base accepts requests, revision responses). */
  private sides(pair: SchemaPair): [Compiled, Compiled] {
    const base = this.compile(pair.base.outer, 'base', pair.direction);
    const revision = this.compile(pair.revision.outer, 'revision', pair.direction);
    return pair.direction === 'request' ? [base, revision] : [revision, base];
  }

  private compile(node: Schema, side: 'base' | 'revision', direction: 'request' | 'response'): Compiled {
    const key = `${side}|${direction}|${node.uid}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      const { translator, reader } = this.side(side, direction);
      const schema = translator.translate(node);
      compiled = { schema, validate: this.validator.compile(schema), reader };
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  /** A referenced schema the validator reached: translated now, by the side whose URI it is. */
  private resolve(uri: string): JsonSchema | undefined {
    for (const { translator } of this.sidesByKey.values()) {
      if (uri.startsWith(translator.prefix)) return translator.resolve(uri);
    }
    return undefined;
  }

  private side(side: 'base' | 'revision', direction: 'request' | 'response'): Side {
    const key = `${side}|${direction}`;
    let found = this.sidesByKey.get(key);
    if (!found) {
      const contract = side === 'base' ? this.diff.base : this.diff.revision;
      const translator = new Translator(
        contract.references,
        direction,
        `https://holdfast.invalid/${key.replace('|', '/')}/`,
      );
      found = { translator, reader: new SchemaReader((ref) => translator.resolve(ref)) };
      this.sidesByKey.set(key, found);
    }
    return found;
  }
}

function pointersOf(pair: SchemaPair): Witness['schemas'] {
  return { base: pair.base.outer.pointer, revision: pair.revision.outer.pointer };
}

/**
 * What a root pair is, for the sentence: `request body`, `response body` or `parameter`. Only what
 * both ways of diffing an operation know (the schemas-only shortcut builds no parameter or
 * response objects), so a finding reads the same whichever way it was found.
 */
function rootLabel(root: SchemaPair, operation: OperationDiff): string {
  if (operation.parameterRoots.includes(root)) return 'parameter';
  return root.direction === 'request' ? 'request body' : 'response body';
}

/** The steps from `root` down to `target` through the pair graph (breadth first), if it is reached. */
function pathBetween(root: SchemaPair, target: SchemaPair): Step[] | undefined {
  const from = new Map<SchemaPair, { parent: SchemaPair; step: Step }>();
  const queue = [root];
  const seen = new Set([root]);
  for (let index = 0; index < queue.length && index < 20_000; index++) {
    const pair = queue[index];
    if (pair === target) break;
    for (const child of pair.children) {
      if (seen.has(child)) continue;
      const step = stepTo(pair, child);
      if (!step) continue;
      seen.add(child);
      from.set(child, { parent: pair, step });
      queue.push(child);
    }
  }
  if (!seen.has(target)) return undefined;
  const steps: Step[] = [];
  for (let pair = target; pair !== root; ) {
    const link = from.get(pair);
    if (!link) return undefined;
    steps.unshift(link.step);
    pair = link.parent;
  }
  return steps;
}

function stepTo(parent: SchemaPair, child: SchemaPair): Step | undefined {
  for (const property of parent.commonProperties) if (property.pair === child) return { property: property.name };
  if (parent.items === child) return { item: parent.base.core.prefixItems?.length ?? 0 };
  if (parent.additionalProperties === child) return { additional: true };
  if (parent.isUnion) return { same: true };
  const base = parent.base.core;
  const index = base.prefixItems?.indexOf(child.base.outer) ?? -1;
  if (index >= 0) return { item: index };
  if (base.allOf?.includes(child.base.outer)) return { same: true };
  if (base.thenSchema === child.base.outer || base.elseSchema === child.base.outer) return { same: true };
  return undefined;
}

/** `skeleton` with `value` written at `path` (containers created as needed). */
function place(skeleton: unknown, path: Step[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [step, ...rest] = path;
  if ('same' in step) return place(skeleton, rest, value);
  if ('item' in step) {
    const list = Array.isArray(skeleton) ? [...skeleton] : [];
    while (list.length <= step.item) list.push(list.length > 0 ? list[list.length - 1] : null);
    list[step.item] = place(list[step.item], rest, value);
    return list;
  }
  const object: Record<string, unknown> =
    skeleton !== null && typeof skeleton === 'object' && !Array.isArray(skeleton)
      ? { ...(skeleton as Record<string, unknown>) }
      : {};
  const name = 'property' in step ? step.property : 'additionalProperty';
  object[name] = place(object[name], rest, value);
  return object;
}
