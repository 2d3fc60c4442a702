/**
 * Every failure to load a contract exits 2 with one message: what failed, what was found, what
 * was expected and whether retrying helps (issue 2, "Loading"). Runs the built CLI on fixture files.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './_run.js';

const DIR = 'test/fixtures/cli-errors';
const VALID = `${DIR}/valid.yaml`;

const cases: { name: string; base?: string; revision: string; stderr: string }[] = [
  {
    name: 'a missing file',
    revision: `${DIR}/missing.yaml`,
    stderr: `holdfast: Could not read revision spec "${DIR}/missing.yaml": file not found; expected a path to an OpenAPI file (.json, .yaml or .yml). Fix the path; retrying will not help.`,
  },
  {
    name: 'a folder instead of a file',
    revision: DIR,
    stderr: `holdfast: Could not read revision spec "${DIR}": it is a directory; expected a readable file. Fix the path or permissions; retrying will not help.`,
  },
  {
    name: 'invalid YAML, with line and column',
    revision: `${DIR}/bad-indent.yaml`,
    stderr: `holdfast: Could not parse revision spec "${DIR}/bad-indent.yaml" (line 4, column 11): bad indentation of a mapping entry; expected valid YAML. Fix the file; retrying will not help.`,
  },
  {
    name: 'invalid JSON, with line and column',
    revision: `${DIR}/bad-comma.json`,
    stderr: `holdfast: Could not parse revision spec "${DIR}/bad-comma.json" (line 3, column 25): found '"' where "," or "}" should follow a value; expected valid JSON. Fix the file; retrying will not help.`,
  },
  {
    name: 'a document that is not OpenAPI',
    revision: `${DIR}/not-openapi.yaml`,
    stderr: `holdfast: Not an OpenAPI document: revision spec "${DIR}/not-openapi.yaml" has no "openapi" or "swagger" field (top-level keys: name, dependencies); expected "openapi: 3.x" or "swagger: 2.0". Point holdfast at the OpenAPI file; retrying will not help.`,
  },
  {
    name: 'an unsupported Swagger version',
    revision: `${DIR}/swagger-1.2.yaml`,
    stderr: `holdfast: Unsupported document: revision spec "${DIR}/swagger-1.2.yaml" says "swagger: 1.2"; expected "swagger: 2.0" or "openapi: 3.x". Convert the document; retrying will not help.`,
  },
  {
    name: 'an unsupported OpenAPI version',
    revision: `${DIR}/openapi-4.yaml`,
    stderr: `holdfast: Unsupported document: revision spec "${DIR}/openapi-4.yaml" says "openapi: 4.0.0"; expected "openapi: 3.0.x" or "openapi: 3.1.x" (or "swagger: 2.0"). Convert the document; retrying will not help.`,
  },
  {
    name: 'a $ref that does not resolve, in a compared schema',
    base: `${DIR}/dangling-base.yaml`,
    revision: `${DIR}/dangling-ref.yaml`,
    stderr: `holdfast: Could not resolve $ref "#/components/schemas/Missing" used at /paths/~1items/get/responses/200/content/application~1json/schema in ${DIR}/dangling-ref.yaml: no such target; expected a pointer to an existing node. Fix the reference; retrying will not help.`,
  },
  {
    name: 'a $ref that does not resolve, two references deep in an added operation',
    base: `${DIR}/dangling-base.yaml`,
    revision: `${DIR}/dangling-added.yaml`,
    stderr: `holdfast: Could not resolve $ref "#/components/schemas/OrderLine" used at /components/schemas/Order/properties/line in ${DIR}/dangling-added.yaml: no such target; expected a pointer to an existing node. Fix the reference; retrying will not help.`,
  },
  {
    name: 'a $ref that does not resolve, inside a property added to a compared schema',
    base: `${DIR}/dangling-property-base.yaml`,
    revision: `${DIR}/dangling-property.yaml`,
    stderr: `holdfast: Could not resolve $ref "#/components/schemas/Address" used at /components/schemas/Item/properties/owner/properties/address in ${DIR}/dangling-property.yaml: no such target; expected a pointer to an existing node. Fix the reference; retrying will not help.`,
  },
  {
    name: 'a $ref outside the spec folder',
    base: `${DIR}/dangling-base.yaml`,
    revision: `${DIR}/refs-outside/api/openapi.yaml`,
    stderr: `holdfast: $ref "../shared.yaml" used at /paths/~1items/get/responses/200/content/application~1json/schema in ${DIR}/refs-outside/api/openapi.yaml points outside the spec's folder ${path.join(ROOT, DIR, 'refs-outside/api')}; expected a file under that folder. Pass --allow-external-refs to allow it; retrying will not help.`,
  },
];

describe('holdfast diff: load errors exit 2 with one clear message', () => {
  it.each(cases)('$name', async ({ base, revision, stderr }) => {
    const run = await runCli(['diff', base ?? VALID, revision]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(stderr);
  });

  it('follows a $ref outside the folder with --allow-external-refs', async () => {
    const run = await runCli([
      'diff',
      `${DIR}/dangling-base.yaml`,
      `${DIR}/refs-outside/api/openapi.yaml`,
      '--allow-external-refs',
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).summary).toEqual({ breaking: 0, warning: 0, info: 0 });
  });
});
