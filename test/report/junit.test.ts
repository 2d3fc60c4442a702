/**
 * JUnit XML: file snapshot, and well-formedness checked by a real XML parser (Python's
 * xml.etree, which rejects anything not well-formed), plus the counts CI reads.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/index.js';
import type { ComparisonResult } from '../../src/rules/types.js';
import { emptyResult } from './fixture.js';
import { policyResult } from './policy-fixture.js';

interface ParsedSuite {
  name: string;
  attributes: Record<string, string>;
  cases: { name: string; file: string; line: string; outcome: string; message: string; text: string }[];
}

interface Parsed {
  root: string;
  attributes: Record<string, string>;
  suites: ParsedSuite[];
}

// Prints the document as JSON; exits non-zero (with the parser's message) when it is not well-formed.
const PARSER = `
import json, sys
import xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suites = []
for suite in root.findall('testsuite'):
    cases = []
    for case in suite.findall('testcase'):
        child = next(iter(case), None)
        outcome = child.tag if child is not None else 'passed'
        cases.append({'name': case.get('name'), 'file': case.get('file'), 'line': case.get('line'), 'outcome': outcome,
                      'message': (child.get('message') or '') if child is not None else '',
                      'text': (child.text or '') if child is not None else ''})
    suites.append({'name': suite.get('name'), 'attributes': dict(suite.attrib), 'cases': cases})
print(json.dumps({'root': root.tag, 'attributes': dict(root.attrib), 'suites': suites}))
`;

function parseXml(xml: string): Parsed {
  const run = spawnSync('python3', ['-c', PARSER], { input: xml, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`not well-formed XML: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe('renderJunit', () => {
  it('renders the fixture after a policy', async () => {
    await expect(renderJunit(policyResult)).toMatchFileSnapshot('./__snapshots__/report.junit.txt');
  });

  it('is well-formed: one suite per operation, one case per finding, failures at fail-on', () => {
    const parsed = parseXml(renderJunit(policyResult));
    expect(parsed.root).toBe('testsuites');
    expect(parsed.suites.map((suite) => suite.name)).toEqual([
      'GET /items',
      'POST /items',
      'GET /items/{item_id}',
      'PUT /items/{item_id}',
      'DELETE /items/{item_id}',
      '(document)',
    ]);
    const cases = parsed.suites.flatMap((suite) => suite.cases);
    expect(cases).toHaveLength(policyResult.findings.length);
    expect(parsed.attributes).toEqual({
      name: 'holdfast',
      tests: String(policyResult.findings.length),
      failures: '4',
      errors: '0',
      skipped: '1',
    });
    const post = parsed.suites[1];
    expect(post.cases.map((item) => item.outcome)).toEqual(['failure', 'skipped']);
    expect(post.cases[1].message).toBe(
      'accepted: No client sends "archived" <checked in access logs> & the mobile app, 2026-02 (until 2026-06-30)',
    );
    expect(post.cases[0]).toMatchObject({ file: 'examples/petstore/revision.yaml', line: '61' });
  });

  it('fails warnings too with fail-on warning, and nothing with never', () => {
    expect(parseXml(renderJunit(policyResult, { failOn: 'warning' })).attributes.failures).toBe('10');
    expect(parseXml(renderJunit(policyResult, { failOn: 'never' })).attributes.failures).toBe('0');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const nasty: ComparisonResult = {
      ...emptyResult,
      findings: [
        {
          id: 'request-pattern-changed',
          level: 'breaking',
          operation: { method: 'GET', path: '/a&b/<c>' },
          location: { file: 'api "v1".yaml', line: 3, pointer: '/paths/~1a' },
          message: 'pattern changed from `^<a>$` to `]]>\u0001\u0008` & "quoted" \'single\'\nsecond line',
          hint: 'Use </failure> carefully',
          component: null,
          side: 'revision',
          args: {},
        },
      ],
      summary: { breaking: 1, warning: 0, info: 0 },
    };
    const parsed = parseXml(renderJunit(nasty));
    const [testcase] = parsed.suites[0].cases;
    expect(parsed.suites[0].name).toBe('GET /a&b/<c>');
    expect(testcase.file).toBe('api "v1".yaml');
    expect(testcase.message).toBe(
      'pattern changed from `^<a>$` to `]]>\uFFFD\uFFFD` & "quoted" \'single\'\nsecond line',
    );
    expect(testcase.text).toContain('Hint: Use </failure> carefully');
  });

  it('reports a passing test case when there is nothing to report', () => {
    const parsed = parseXml(renderJunit(emptyResult));
    expect(parsed.attributes).toMatchObject({ tests: '1', failures: '0' });
    expect(parsed.suites[0].cases[0].outcome).toBe('passed');
  });
});
