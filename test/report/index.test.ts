import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, renderJson, renderMarkdown, renderReport, renderText } from '../../src/report/index.js';
import { fixtureResult } from './fixture.js';

describe('renderReport', () => {
  it('dispatches to the reporter of each format', () => {
    expect(REPORT_FORMATS).toEqual([
      'text',
      'concise',
      'json',
      'markdown',
      'html',
      'sarif',
      'junit',
      'github',
      'gitlab',
    ]);
    const options = { minLevel: 'warning' as const };
    expect(renderReport('text', fixtureResult, options)).toBe(renderText(fixtureResult, options));
    expect(renderReport('json', fixtureResult, options)).toBe(renderJson(fixtureResult, options));
    expect(renderReport('markdown', fixtureResult, options)).toBe(renderMarkdown(fixtureResult, options));
  });
});
