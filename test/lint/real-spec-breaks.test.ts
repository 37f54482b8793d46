/**
 * For each house rule, a copy of our real contract broken in one place makes the real
 * `npm run lint -- --root <copy>` (with this repository's configuration) fail with that rule's
 * id, at a file:line of that copy. So every rule is live in the shipped configuration, not
 * only in its unit test; so are the two OWASP rate-limit rules that .spectral.yaml narrows. All copies go through one `npm run lint` with one `--root` each, which
 * prints a report and a verdict per copy (one Spectral process for all).
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ContractCopy, copyRealContract } from './support/fixture.js';
import { type LintRun, literal, npmRunLint } from './support/npm-lint.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

interface Break {
  rule: string;
  /** The file, relative to the lint root, the finding must point at. */
  file: string;
  severity?: 'error' | 'warning';
  change: (copy: ContractCopy) => Promise<void>;
}

const breaks: Break[] = [
  {
    rule: 'novavms-secured-operation-401',
    file: 'openapi/paths/api_v1_cameras.yaml',
    change: (c) => c.edit('openapi/paths/api_v1_cameras.yaml', (d) => void delete d.get.responses['401']),
  },
  {
    rule: 'novavms-scoped-operation-403',
    file: 'openapi/paths/api_v1_service-accounts.yaml',
    change: (c) => c.edit('openapi/paths/api_v1_service-accounts.yaml', (d) => void delete d.get.responses['403']),
  },
  {
    rule: 'novavms-error-problem-details',
    file: 'openapi/components/responses/UnsupportedMediaType.yaml',
    change: (c) =>
      c.replace(
        'openapi/components/responses/UnsupportedMediaType.yaml',
        'application/problem+json:',
        'application/json:',
      ),
  },
  {
    rule: 'novavms-operation-since',
    file: 'openapi/paths/api_v1_me.yaml',
    change: (c) => c.replace('openapi/paths/api_v1_me.yaml', "x-novavms-since: '1.1'", "x-novavms-since: 'v1.1'"),
  },
  {
    rule: 'novavms-credential-lifetime',
    file: 'openapi/openapi.yaml',
    change: (c) => c.replace('openapi/openapi.yaml', 'default: P7D', 'default: seven days'),
  },
  {
    rule: 'novavms-no-live-key',
    file: 'openapi/paths/api_v1_cameras_{camera_id}.yaml',
    change: (c) => {
      const secret = Array.from({ length: 38 }, () => BASE62[randomInt(BASE62.length)]).join('');
      return c.replace('openapi/paths/api_v1_cameras_{camera_id}.yaml', 'sk_live_abc123', `sk_live_${secret}`);
    },
  },
  {
    rule: 'novavms-production-only-404',
    file: 'openapi/paths/api_v1_audit-events.yaml',
    change: (c) => c.edit('openapi/paths/api_v1_audit-events.yaml', (d) => void delete d.get.responses['404']),
  },
  {
    rule: 'novavms-credential-response-no-store',
    file: 'openapi/paths/api_auth_refresh.yaml',
    change: (c) =>
      c.edit(
        'openapi/paths/api_auth_refresh.yaml',
        (d) => void delete d.post.responses['200'].headers['Cache-Control'],
      ),
  },
  {
    rule: 'novavms-operation-id-verb',
    file: 'openapi/paths/api_v1_cameras.yaml',
    change: (c) =>
      c.replace('openapi/paths/api_v1_cameras.yaml', 'operationId: listCameras', 'operationId: fetchCameras'),
  },
  {
    rule: 'novavms-path-file-per-path',
    file: 'openapi/openapi.yaml',
    change: async (c) => {
      await c.rename('openapi/paths/api_v1_me.yaml', 'openapi/paths/me.yaml');
      await c.replace('openapi/openapi.yaml', '$ref: paths/api_v1_me.yaml', '$ref: paths/me.yaml');
    },
  },
  {
    rule: 'novavms-body-example',
    file: 'openapi/paths/api_v1_service-accounts.yaml',
    change: (c) =>
      c.edit(
        'openapi/paths/api_v1_service-accounts.yaml',
        (d) => void delete d.get.responses['200'].content['application/json'].examples,
      ),
  },
  {
    rule: 'novavms-no-credential-in-url',
    file: 'openapi/components/parameters/Cursor.yaml',
    change: (c) => c.replace('openapi/components/parameters/Cursor.yaml', 'name: cursor', 'name: refresh_token'),
  },
  {
    rule: 'rule/novavms-operation-security-explicit',
    file: 'openapi/paths/api_v1_me.yaml',
    change: (c) => c.edit('openapi/paths/api_v1_me.yaml', (d) => void delete d.get.security),
  },
  {
    rule: 'rule/novavms-operation-code-samples',
    file: 'openapi/paths/api_v1_me.yaml',
    change: (c) => c.edit('openapi/paths/api_v1_me.yaml', (d) => void d.get['x-codeSamples'].splice(1)),
  },
  {
    rule: 'rule/novavms-request-body-closed',
    file: 'openapi/components/schemas/LoginRequest.yaml',
    change: (c) =>
      c.replace(
        'openapi/components/schemas/LoginRequest.yaml',
        'additionalProperties: false',
        'additionalProperties: true',
      ),
  },
  {
    rule: 'rule/novavms-error-response-shared',
    file: 'openapi/paths/api_v1_me.yaml',
    change: (c) =>
      c.edit('openapi/paths/api_v1_me.yaml', (d) => {
        d.get.responses['400'] = {
          description: 'The request is malformed.',
          content: {
            'application/problem+json': {
              schema: { $ref: '../components/schemas/Problem.yaml' },
              example: { code: 'INVALID_REQUEST' },
            },
          },
        };
      }),
  },
  {
    rule: 'novavms-security-scope-granted',
    file: 'openapi/paths/api_v1_cameras.yaml',
    change: (c) => c.replace('openapi/paths/api_v1_cameras.yaml', '- cameras:read', '- cameras:raed'),
  },
  {
    rule: 'novavms-public-operation',
    file: 'openapi/paths/api_v1_me.yaml',
    change: (c) =>
      c.edit('openapi/paths/api_v1_me.yaml', (d) => {
        d.get.security = [];
      }),
  },
  {
    rule: 'novavms-bad-request-400',
    file: 'openapi/paths/api_v1_me.yaml',
    change: (c) => c.edit('openapi/paths/api_v1_me.yaml', (d) => void delete d.get.responses['400']),
  },
  {
    // Narrowed in .spectral.yaml to the operations with a request quota (x-novavms-quota).
    rule: 'owasp:api4:2023-rate-limit',
    file: 'openapi/paths/api_v1_me.yaml',
    change: (c) => c.edit('openapi/paths/api_v1_me.yaml', (d) => void delete d.get.responses['200'].headers.RateLimit),
  },
  {
    // Narrowed in .spectral.yaml to those operations and login (x-novavms-rate-limit).
    rule: 'owasp:api4:2023-rate-limit-responses-429',
    file: 'openapi/paths/api_auth_login.yaml',
    severity: 'warning',
    change: (c) => c.edit('openapi/paths/api_auth_login.yaml', (d) => void delete d.post.responses['429']),
  },
];

describe('npm run lint on copies of openapi/, each broken in one place', () => {
  const copies: ContractCopy[] = [];
  let run: LintRun;

  beforeAll(async () => {
    for (const { change } of breaks) {
      const copy = await copyRealContract();
      copies.push(copy);
      await change(copy);
    }
    run = await npmRunLint(copies.map((copy) => copy.root));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(copies.map((copy) => copy.remove()));
  });

  test('exits 1 and says every copy failed', () => {
    expect(run.stdout, run.stderr).toContain(`✖ ${breaks.length} of ${breaks.length} roots failed the lint`);
    expect(run.code).toBe(1);
  });

  test.each(breaks.map((b, i) => ({ ...b, i })))('fails with $rule', ({ rule, file, severity = 'error', i }) => {
    const copy = copies[i]!;
    const report = run.stdout.split(/^(?=Linting )/m).find((block) => block.startsWith(`Linting ${copy.spec} `));
    expect(report, `no report for ${copy.spec}`).toBeDefined();
    const line = `^ {2}${literal(copy.file(file))}:\\d+:\\d+ {2}${severity.padEnd(7)} {2}${literal(rule)} {2}\\S`;
    expect(report).toMatch(new RegExp(line, 'm'));
    expect(report).toContain('✖ lint failed');
  });
});
