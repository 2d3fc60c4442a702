/**
 * Configuration validation at the boundary: both spellings (pyproject.toml and holdfast.yaml)
 * give the same HoldfastConfig, and every mistake is an AppError whose exact message names the
 * file, the key and what was expected.
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import { type ConfigFormat, parseConfig } from '../../src/config/index.js';
import { AppError } from '../../src/errors.js';
import { knownRuleIds } from '../../src/policy/index.js';

const knownRules = await knownRuleIds();

function parse(text: string, format: ConfigFormat, withRules = true) {
  const displayName = format === 'toml' ? 'pyproject.toml' : 'holdfast.yaml';
  return parseConfig(text, {
    format,
    file: `/repo/${displayName}`,
    displayName,
    root: '/repo',
    knownRules: withRules ? knownRules : undefined,
  });
}

function errorOf(text: string, format: ConfigFormat): AppError {
  try {
    parse(text, format);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const FULL_TOML = outdent`
  [project]
  name = "shop"

  [tool.holdfast]
  app = "shop.main:app"
  app-dir = "src"
  python = ".venv/bin/python"
  base = "origin/main"
  fail-on = "warning"
  include = ["/items/**", "GET /health"]
  exclude = ["* /internal/**"]
  skip-stability = ["alpha", "beta"]

  [tool.holdfast.rules]
  "response-enum-value-added" = "breaking"
  api-operation-deprecated = "off"

  [tool.holdfast.deprecation]
  min-days = 90

  [[tool.holdfast.accept]]
  rule = "response-required-property-removed"
  operation = "GET /items/*"
  component = "Item"
  reason = "Only the mobile app read it, and it shipped without it."
  expires = 2026-06-30

  [[tool.holdfast.accept]]
  rule = "api-operation-removed"
  operation = "* /internal/**"
  pointer = "/paths/~1internal~1jobs"
  reason = "Internal endpoints have no external clients."
`;

const FULL_YAML = outdent`
  app: shop.main:app
  app-dir: src
  python: .venv/bin/python
  base: origin/main
  fail-on: warning
  include: [/items/**, GET /health]
  exclude: ["* /internal/**"]
  skip-stability: [alpha, beta]
  rules:
    response-enum-value-added: breaking
    api-operation-deprecated: "off"
  deprecation:
    min-days: 90
  accept:
    - rule: response-required-property-removed
      operation: GET /items/*
      component: Item
      reason: Only the mobile app read it, and it shipped without it.
      expires: 2026-06-30
    - rule: api-operation-removed
      operation: "* /internal/**"
      pointer: /paths/~1internal~1jobs
      reason: Internal endpoints have no external clients.
`;

describe('parseConfig', () => {
  it('reads every setting from [tool.holdfast]', () => {
    expect(parse(FULL_TOML, 'toml')).toEqual({
      file: '/repo/pyproject.toml',
      displayName: 'pyproject.toml',
      root: '/repo',
      app: 'shop.main:app',
      appDir: 'src',
      python: '.venv/bin/python',
      base: 'origin/main',
      failOn: 'warning',
      rules: { 'response-enum-value-added': 'breaking', 'api-operation-deprecated': 'off' },
      include: ['/items/**', 'GET /health'],
      exclude: ['* /internal/**'],
      skipStability: ['alpha', 'beta'],
      deprecation: { minDays: 90 },
      accept: [
        {
          rule: 'response-required-property-removed',
          operation: 'GET /items/*',
          component: 'Item',
          pointer: null,
          reason: 'Only the mobile app read it, and it shipped without it.',
          expires: '2026-06-30',
          source: { file: 'pyproject.toml', line: 22, pointer: '/tool/holdfast/accept/0' },
        },
        {
          rule: 'api-operation-removed',
          operation: '* /internal/**',
          component: null,
          pointer: '/paths/~1internal~1jobs',
          reason: 'Internal endpoints have no external clients.',
          expires: null,
          source: { file: 'pyproject.toml', line: 29, pointer: '/tool/holdfast/accept/1' },
        },
      ],
    });
  });

  it('reads the same settings from holdfast.yaml', () => {
    const toml = parse(FULL_TOML, 'toml');
    const yaml = parse(FULL_YAML, 'yaml');
    expect(yaml?.accept.map((entry) => entry.source)).toEqual([
      { file: 'holdfast.yaml', line: 15, pointer: '/accept/0' },
      { file: 'holdfast.yaml', line: 20, pointer: '/accept/1' },
    ]);
    const strip = (config: typeof toml) => ({
      ...config,
      file: '',
      displayName: '',
      accept: config?.accept.map(({ source: _source, ...entry }) => entry),
    });
    expect(strip(yaml)).toEqual(strip(toml));
  });

  it('returns null for a pyproject.toml without [tool.holdfast]', () => {
    expect(parse('[project]\nname = "shop"\n', 'toml')).toBeNull();
    expect(parse('[tool.ruff]\nline-length = 100\n', 'toml')).toBeNull();
  });

  it('treats an empty holdfast.yaml as all defaults', () => {
    expect(parse('', 'yaml')).toEqual({
      file: '/repo/holdfast.yaml',
      displayName: 'holdfast.yaml',
      root: '/repo',
      rules: {},
      include: [],
      exclude: [],
      skipStability: [],
      accept: [],
    });
  });

  it('accepts rule globs in accept entries and unknown ids when no catalog is given', () => {
    expect(parse('accept:\n  - rule: response-*\n    reason: r\n', 'yaml')?.accept[0].rule).toBe('response-*');
    expect(parse('rules:\n  made-up-rule: info\n', 'yaml', false)?.rules).toEqual({ 'made-up-rule': 'info' });
  });

  const errors: { name: string; format: ConfigFormat; text: string; message: string }[] = [
    {
      name: 'unknown key, with the kebab-case spelling suggested',
      format: 'toml',
      text: '[tool.holdfast]\nfail_on = "breaking"\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast.fail_on is not a known key; expected one of app, app-dir, python, base, spec, fail-on, allow-external-refs, rules, include, exclude, skip-stability, deprecation, accept, deploy-command, production-fail-on, service, deploy-compare, prometheus (did you mean fail-on?). Fix the file; retrying will not help.',
    },
    {
      name: 'unknown key in YAML',
      format: 'yaml',
      text: 'apps: main:app\n',
      message:
        'Invalid configuration in holdfast.yaml: apps is not a known key; expected one of app, app-dir, python, base, spec, fail-on, allow-external-refs, rules, include, exclude, skip-stability, deprecation, accept, deploy-command, production-fail-on, service, deploy-compare, prometheus (did you mean app?). Fix the file; retrying will not help.',
    },
    {
      name: 'bad fail-on',
      format: 'toml',
      text: '[tool.holdfast]\nfail-on = "error"\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast.fail-on is "error"; expected one of breaking, warning, never. Fix the file; retrying will not help.',
    },
    {
      name: 'bad rule level',
      format: 'toml',
      text: '[tool.holdfast.rules]\n"response-enum-value-added" = "fatal"\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast.rules.response-enum-value-added is "fatal"; expected one of breaking, warning, info, off. Fix the file; retrying will not help.',
    },
    {
      name: 'rule level that is not a string (YAML off without quotes is fine, false is not)',
      format: 'yaml',
      text: 'rules:\n  response-enum-value-added: false\n',
      message:
        'Invalid configuration in holdfast.yaml: rules.response-enum-value-added is false; expected one of breaking, warning, info, off. Fix the file; retrying will not help.',
    },
    {
      name: 'unknown rule id, with a suggestion',
      format: 'yaml',
      text: 'rules:\n  response-enum-value-add: info\n',
      message:
        'Invalid configuration in holdfast.yaml: rules.response-enum-value-add is an unknown rule id; expected a rule id listed in docs/rules.md (did you mean response-enum-value-added?). Fix the file; retrying will not help.',
    },
    {
      name: 'accept entry without a reason',
      format: 'toml',
      text: '[[tool.holdfast.accept]]\nrule = "api-operation-removed"\noperation = "DELETE /items/{id}"\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast.accept[0].reason is missing; expected a non-empty reason saying why the change is acceptable. Fix the file; retrying will not help.',
    },
    {
      name: 'accept entry with an empty reason',
      format: 'yaml',
      text: 'accept:\n  - rule: api-operation-removed\n    reason: "  "\n',
      message:
        'Invalid configuration in holdfast.yaml: accept[0].reason is "  "; expected a non-empty reason saying why the change is acceptable. Fix the file; retrying will not help.',
    },
    {
      name: 'accept entry with an impossible date',
      format: 'yaml',
      text: 'accept:\n  - rule: api-operation-removed\n    reason: r\n    expires: 2026-02-30\n',
      message:
        'Invalid configuration in holdfast.yaml: accept[0].expires is "2026-02-30"; expected a date written YYYY-MM-DD. Fix the file; retrying will not help.',
    },
    {
      name: 'accept entry with a date-time in TOML',
      format: 'toml',
      text: '[[tool.holdfast.accept]]\nrule = "api-operation-removed"\nreason = "r"\nexpires = 2026-06-30T12:00:00Z\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast.accept[0].expires is the date-time 2026-06-30T12:00:00.000Z; expected a date written YYYY-MM-DD. Fix the file; retrying will not help.',
    },
    {
      name: 'accept entry with a misspelt key',
      format: 'yaml',
      text: 'accept:\n  - rule: api-operation-removed\n    reason: r\n    expiry: 2026-06-30\n',
      message:
        'Invalid configuration in holdfast.yaml: accept[0].expiry is not a known key; expected one of rule, operation, component, pointer, reason, expires (did you mean expires?). Fix the file; retrying will not help.',
    },
    {
      name: 'accept entry with an unknown rule',
      format: 'yaml',
      text: 'accept:\n  - rule: api-operation-deleted\n    reason: r\n',
      message:
        'Invalid configuration in holdfast.yaml: accept[0].rule is "api-operation-deleted", an unknown rule id; expected a rule id listed in docs/rules.md. Fix the file; retrying will not help.',
    },
    {
      name: 'accept entry with a bad operation glob',
      format: 'yaml',
      text: 'accept:\n  - rule: api-operation-removed\n    operation: items/*\n    reason: r\n',
      message:
        'Invalid configuration in holdfast.yaml: accept[0].operation is "items/*"; expected an operation glob such as "GET /items/*", "* /internal/**" or "/admin/**". Fix the file; retrying will not help.',
    },
    {
      name: 'accept that is not a list',
      format: 'toml',
      text: '[tool.holdfast.accept]\nrule = "api-operation-removed"\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast.accept is a table; expected [[tool.holdfast.accept]] tables. Fix the file; retrying will not help.',
    },
    {
      name: 'bad pointer',
      format: 'yaml',
      text: 'accept:\n  - rule: api-operation-removed\n    pointer: paths/x\n    reason: r\n',
      message:
        'Invalid configuration in holdfast.yaml: accept[0].pointer is "paths/x"; expected a JSON pointer starting with "/". Fix the file; retrying will not help.',
    },
    {
      name: 'negative min-days',
      format: 'toml',
      text: '[tool.holdfast.deprecation]\nmin-days = -3\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast.deprecation.min-days is -3; expected a whole number of days, 0 or more. Fix the file; retrying will not help.',
    },
    {
      name: 'min-days as a string',
      format: 'yaml',
      text: 'deprecation:\n  min-days: "90"\n',
      message:
        'Invalid configuration in holdfast.yaml: deprecation.min-days is "90"; expected a whole number of days, 0 or more. Fix the file; retrying will not help.',
    },
    {
      name: 'include that is a string',
      format: 'yaml',
      text: 'include: /items/**\n',
      message:
        'Invalid configuration in holdfast.yaml: include is "/items/**"; expected a list of path globs such as "/internal/**". Fix the file; retrying will not help.',
    },
    {
      name: 'skip-stability with a number',
      format: 'toml',
      text: '[tool.holdfast]\nskip-stability = ["alpha", 2]\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast.skip-stability[1] is 2; expected a non-empty string. Fix the file; retrying will not help.',
    },
    {
      name: 'app that is not module:attribute',
      format: 'toml',
      text: '[tool.holdfast]\napp = "main.py"\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast.app is "main.py"; expected module:attribute, for example "main:app" or "shop.api:create_app()". Fix the file; retrying will not help.',
    },
    {
      name: 'allow-external-refs that is a string',
      format: 'yaml',
      text: 'allow-external-refs: "yes"\n',
      message:
        'Invalid configuration in holdfast.yaml: allow-external-refs is "yes"; expected true or false. Fix the file; retrying will not help.',
    },
    {
      name: '[tool.holdfast] that is not a table',
      format: 'toml',
      text: '[tool]\nholdfast = "on"\n',
      message:
        'Invalid configuration in pyproject.toml: tool.holdfast is "on"; expected a table of settings ([tool.holdfast]). Fix the file; retrying will not help.',
    },
    {
      name: 'holdfast.yaml that is a list',
      format: 'yaml',
      text: '- app: main:app\n',
      message:
        'Invalid configuration in holdfast.yaml: the settings is a list; expected a mapping of settings. Fix the file; retrying will not help.',
    },
    {
      name: 'invalid TOML',
      format: 'toml',
      text: '[tool.holdfast]\napp = "main:app\n',
      message:
        'Could not parse pyproject.toml (line 2, column 16): control characters are not allowed in strings; expected valid TOML. Fix the file; retrying will not help.',
    },
    {
      name: 'invalid YAML',
      format: 'yaml',
      text: 'app: main:app\n  fail-on: breaking\n',
      message:
        'Could not parse holdfast.yaml (line 2, column 10): bad indentation of a mapping entry; expected valid YAML. Fix the file; retrying will not help.',
    },
  ];

  for (const { name, format, text, message } of errors) {
    it(`rejects ${name}`, () => {
      const error = errorOf(text, format);
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.exitCode).toBe(2);
      expect(error.retryable).toBe(false);
      expect(error.message).toBe(message);
    });
  }
});

describe('[tool.holdfast.prometheus]', () => {
  it('reads the same settings from pyproject.toml and holdfast.yaml', () => {
    const toml = parse(
      outdent`
        [tool.holdfast.prometheus]
        url = "http://prometheus:9090"
        selector = 'job="{service}", env="{env}"'
        timeout-seconds = 5
        unmatched-handler = "unmatched"
        metrics = { requests = "shop_http_requests_total" }
        labels = { handler = "route", status = "code" }
      `,
      'toml',
    );
    const yaml = parse(
      outdent`
        prometheus:
          url: http://prometheus:9090
          selector: job="{service}", env="{env}"
          timeout-seconds: 5
          unmatched-handler: unmatched
          metrics: { requests: shop_http_requests_total }
          labels: { handler: route, status: code }
      `,
      'yaml',
    );
    const expected = {
      url: 'http://prometheus:9090',
      selector: 'job="{service}", env="{env}"',
      timeoutSeconds: 5,
      unmatchedHandler: 'unmatched',
      metrics: { requests: 'shop_http_requests_total' },
      labels: { handler: 'route', status: 'code' },
    };
    expect(toml?.prometheus).toEqual(expected);
    expect(yaml?.prometheus).toEqual(expected);
  });

  it.each([
    [
      'prometheus:\n  url: prometheus:9090\n',
      'Invalid configuration in holdfast.yaml: prometheus.url is "prometheus:9090"; expected an http(s) URL such as "http://prometheus:9090". Fix the file; retrying will not help.',
    ],
    [
      'prometheus:\n  metrics: { request: x }\n',
      'Invalid configuration in holdfast.yaml: prometheus.metrics.request is not a known key; expected one of requests, duration (did you mean requests?). Fix the file; retrying will not help.',
    ],
    [
      'prometheus:\n  labels: { handler: "my-route" }\n',
      'Invalid configuration in holdfast.yaml: prometheus.labels.handler is "my-route"; expected a Prometheus label name. Fix the file; retrying will not help.',
    ],
    [
      'prometheus:\n  timeout-seconds: 0\n',
      'Invalid configuration in holdfast.yaml: prometheus.timeout-seconds is 0; expected a number of seconds above 0, at most 3600. Fix the file; retrying will not help.',
    ],
  ])('rejects %j', (text, message) => {
    expect(errorOf(text, 'yaml').message).toBe(message);
  });
});
