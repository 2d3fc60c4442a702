/** The dashboard's one escaping template and its link builder, against script payloads. */
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  Html,
  href,
  html,
  join,
  linker,
  localPath,
  relative,
  rootOf,
} from '../../../src/server/dashboard/html.js';
import { PAYLOADS } from './_fixture.js';

describe('html template', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const owner = PAYLOADS.owner;
    const rendered = html`<td title="${PAYLOADS.version}">${owner}</td>`.toString();
    expect(rendered).toBe(
      '<td title="&quot;&gt;&lt;img src=x onerror=alert(&quot;version&quot;)&gt;">&lt;img src=x onerror=alert(&quot;owner&quot;)&gt;</td>',
    );
  });

  it.each(Object.entries(PAYLOADS))('leaves no markup character of the %s payload', (_field, payload) => {
    expect(escapeHtml(payload)).not.toMatch(/[<>"'`]/);
    expect(html`<p title="${payload}">${payload}</p>`.toString()).toBe(
      `<p title="${escapeHtml(payload)}">${escapeHtml(payload)}</p>`,
    );
  });

  it('inserts markup it built itself as is, and lists of fragments in order', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${[' a', html`<br>`, 2]}</p>`.toString()).toBe('<p><b>&lt;i&gt;</b> a<br>2</p>');
    expect(html`${null}${undefined}${false}${Number.NaN}`.toString()).toBe('');
    expect(join(['<a>', new Html('<br>')], ', ').toString()).toBe('&lt;a&gt;, <br>');
  });
});

describe('href', () => {
  it('percent-encodes every segment, so a payload stays inside one path segment', () => {
    expect(href(['services', PAYLOADS.service])).toBe('/services/%3Cscript%3Ealert(%22service%22)%3C%2Fscript%3E');
    expect(href(['services', '../admin', 'diff'], { base: 'a&b', revision: null })).toBe(
      '/services/..%2Fadmin/diff?base=a%26b',
    );
  });

  it('never produces a javascript: or off-site URL', () => {
    for (const segment of ['javascript:alert(1)', '//evil.example', 'https://evil.example']) {
      expect(href([segment]).startsWith('/')).toBe(true);
      expect(href([segment]).startsWith('//')).toBe(false);
    }
  });
});

describe('localPath (where the login form returns to)', () => {
  it.each([
    ['/services/shop', '/services/shop'],
    ['/services/shop/diff?base=1&revision=2', '/services/shop/diff?base=1&revision=2'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/x\n', '/'],
    [undefined, '/'],
  ])('%s -> %s', (value, expected) => {
    expect(localPath(value)).toBe(expected);
  });
});

describe('links relative to the page (the dashboard under a proxy sub-path)', () => {
  it.each([
    ['/', './'],
    ['/login?next=%2Fservices%2Fshop', './'],
    ['/services/shop', '../'],
    ['/services/shop/', '../../'],
    ['/services/shop/diff?base=1.0.0&revision=2.0.0', '../../'],
    ['/services/shop/deployments/6', '../../../'],
    ['/services/a%2Fb/usage', '../../'],
  ])('the root of %s is %s', (url, root) => {
    expect(rootOf(url)).toBe(root);
  });

  it('resolves to the same dashboard path at a host root and under a prefix', () => {
    const link = linker(rootOf('/services/shop/deployments/6'));
    const target = link(['services', 'shop', 'diff'], { base: '1.0.0', revision: '2.0.0' });
    expect(target).toBe('../../../services/shop/diff?base=1.0.0&revision=2.0.0');
    expect(new URL(target, 'https://h.example/services/shop/deployments/6').href).toBe(
      'https://h.example/services/shop/diff?base=1.0.0&revision=2.0.0',
    );
    expect(new URL(target, 'https://h.example/holdfast/services/shop/deployments/6').href).toBe(
      'https://h.example/holdfast/services/shop/diff?base=1.0.0&revision=2.0.0',
    );
    expect(linker('../')([])).toBe('../');
    expect(relative('./', '/login')).toBe('./login');
  });

  it('never produces a javascript: or off-site URL either', () => {
    for (const segment of ['javascript:alert(1)', '//evil.example', 'https://evil.example']) {
      const target = linker('../')([segment]);
      expect(target.startsWith('../')).toBe(true);
      expect(new URL(target, 'https://h.example/holdfast/x/y').origin).toBe('https://h.example');
    }
  });
});
