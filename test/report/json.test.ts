import { describe, expect, it } from 'vitest';
import { type JsonReport, renderJson } from '../../src/report/json.js';
import { emptyResult, fixtureResult } from './fixture.js';

describe('renderJson', () => {
  it('renders the fixture', async () => {
    await expect(renderJson(fixtureResult)).toMatchFileSnapshot('./__snapshots__/report.json.txt');
  });

  it('has exactly the documented shape', () => {
    const report: JsonReport = JSON.parse(renderJson(fixtureResult));
    expect(Object.keys(report).sort()).toEqual(['base', 'findings', 'revision', 'summary']);
    expect(Object.keys(report.summary).sort()).toEqual(['breaking', 'info', 'warning']);
    for (const finding of report.findings) {
      expect(Object.keys(finding).sort()).toEqual(
        ['args', 'component', 'hint', 'id', 'level', 'location', 'message', 'operation', 'side'].sort(),
      );
      expect(Object.keys(finding.location).sort()).toEqual(['file', 'line', 'pointer']);
      if (finding.operation !== null) {
        expect(Object.keys(finding.operation).sort()).toEqual(['method', 'path']);
        expect(finding.operation.method).toBe(finding.operation.method.toUpperCase());
      }
    }
    expect(report.findings[2]).toEqual({
      id: 'response-property-removed',
      level: 'breaking',
      operation: { method: 'GET', path: '/items' },
      location: {
        file: 'examples/petstore/base.yaml',
        line: 41,
        pointer: '/components/schemas/Item/properties/price',
      },
      message: 'Response property "price" was removed (it was a number).',
      component: '#/components/schemas/Item',
      hint: 'Keep returning "price", or add the replacement first and remove "price" in a later major version.',
      side: 'base',
      args: { name: 'price', from: { type: 'number' }, to: null },
    });
  });

  it('keeps every finding, one per operation, in the pipeline order', () => {
    const report: JsonReport = JSON.parse(renderJson(fixtureResult));
    expect(report.findings.map((finding) => finding.id)).toEqual(fixtureResult.findings.map((finding) => finding.id));
  });

  it('is 2-space indented with a trailing newline', () => {
    const output = renderJson(emptyResult);
    expect(output).toBe(
      '{\n  "base": "examples/petstore/base.yaml",\n  "revision": "examples/petstore/revision.yaml",\n' +
        '  "findings": [],\n  "summary": {\n    "breaking": 0,\n    "warning": 0,\n    "info": 0\n  }\n}\n',
    );
  });

  it('filters findings by minLevel but keeps the full summary', () => {
    const report: JsonReport = JSON.parse(renderJson(fixtureResult, { minLevel: 'breaking' }));
    expect(report.findings.map((finding) => finding.level)).toEqual(Array(5).fill('breaking'));
    expect(report.summary).toEqual({ breaking: 5, warning: 4, info: 3 });
  });
});
