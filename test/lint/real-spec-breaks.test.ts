/**
 * For each house rule, a copy of our real contract broken in one place makes the real
 * `npm run lint` (pointed at the copies with NOVAVMS_LINT_ROOT) fail with that rule's id, at
 * a file:line of that copy. So every rule is live in the shipped configuration, not only in
 * its unit test. One more case shows that an exception which no longer matches fails too.
 * All copies go through one lint process (one Redocly run, one Spectral ruleset), which
 * prints a report and a verdict per copy; that keeps the suite fast on small machines.
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lintConfig } from '../../lint/run/target.js';
import { type ContractCopy, copyRealContract } from './support/fixture.js';
import { type LintRun, literal, npmRunLint } from './support/npm-lint.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

interface Break {
  rule: string;
  /** The file (relative to the lint root, or absolute) the finding must point at. */
  file: string;
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
    // The 500 exception of this operation no longer matches anything: it must go.
    rule: 'stale-lint-exception',
    file: lintConfig.ignore,
    change: (c) =>
      c.edit('openapi/paths/api_v1_cameras.yaml', (d) => {
        d.get.responses['500'] = { $ref: '../components/responses/BadRequest.yaml' };
      }),
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
    run = await npmRunLint(copies.map((copy) => copy.root).join(path.delimiter));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(copies.map((copy) => copy.remove()));
  });

  test('exits 1 and says every copy failed', () => {
    expect(run.stdout, run.stderr).toContain(`✖ ${breaks.length} of ${breaks.length} contracts failed the lint`);
    expect(run.code).toBe(1);
  });

  test.each(breaks.map((b, i) => ({ ...b, i })))('fails with $rule', ({ rule, file, i }) => {
    const copy = copies[i]!;
    const report = run.stdout.split(/^(?=Linting )/m).find((block) => block.startsWith(`Linting ${copy.spec};`));
    expect(report, `no report for ${copy.spec}`).toBeDefined();
    const where = path.isAbsolute(file) ? path.relative(process.cwd(), file) : copy.file(file);
    const line = new RegExp(`^ {2}${literal(where)}:\\d+:\\d+ {2}error {4}${literal(rule)} {2}\\S`, 'm');
    expect(report).toMatch(line);
    expect(report).toContain('✖ lint failed');
  });
});
