/**
 * Request quotas (`x-novavms-quota`): every answer of an /api/v1 operation names the quota
 * policy that counted it in `RateLimit-Policy` and what is left of it in `RateLimit`
 * (draft-ietf-httpapi-ratelimit-headers). The suite reads the policy from the headers and
 * holds it against the contract: the policy is the kind of credential sent (`sk_live`,
 * `sk_test`, `user`, or `unauthenticated` without a valid one), its quota and window are the
 * operation's. Past the quota the answer is 429 RATE_LIMITED with `Retry-After`, and a new
 * window starts once it has passed. Exhausting a quota needs the mock controls to undo it.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type OperationId, operations, type QuotaPolicy, quotas } from '../../generated/contract.js';
import type { ContractResponse } from './support/contract-client.js';
import { contractFile } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem } from './support/expectations.js';
import { advanceClock, resetIfPossible, resetQuotas } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';

const { target, client, adminLogin, keys } = await contractFile();

beforeAll(() => resetIfPossible(target));
afterAll(() => resetIfPossible(target));

type Quota = { windowSeconds: number; requests: Partial<Record<QuotaPolicy, number>> };
const quotaOf = (id: OperationId) => (quotas as Record<string, Quota>)[id]!;
const quotaIds = Object.keys(quotas) as OperationId[];

/** Fills every path parameter with a value of the right shape that names nothing. */
const PARAMS: Record<string, string> = {
  camera_id: 'cam_nosuchcamera',
  service_account_id: 'sa_nosuchaccount',
  key_id: 'key_nosuchkey000',
};
function request(operationId: OperationId, bearer?: string) {
  const op = operations[operationId];
  const params = Object.fromEntries([...op.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name!, PARAMS[name!]!]));
  const body = op.method === 'POST' ? { json: {} } : {};
  return client.send({ method: op.method, path: pathOf(operationId, params), ...body, ...(bearer ? { bearer } : {}) });
}

/** The one item of a `RateLimit-Policy` or `RateLimit` field, as name and parameters. */
function item(res: ContractResponse, field: string): { name: string; params: Record<string, number> } {
  const value = res.header(field);
  expect(value, `${res.operationId} ${res.status} sends ${field}`).toBeDefined();
  const match = /^"([a-z_]+)"((?:;[a-z]+=\d+)+)$/.exec(value!);
  expect(match, `${field}: ${value} is one Structured Field item with integer parameters`).not.toBeNull();
  const params = Object.fromEntries(
    match![2]!
      .slice(1)
      .split(';')
      .map((p) => p.split('='))
      .map(([k, v]) => [k!, Number(v)]),
  );
  return { name: match![1]!, params };
}

/** Checks the quota headers of `res` against the contract; returns what is left and when the window ends. */
function checkQuotaHeaders(res: ContractResponse, policy: QuotaPolicy): { r: number; t: number } {
  const operationId = res.operationId as OperationId;
  const quota = quotaOf(operationId);
  const declared = item(res, 'ratelimit-policy');
  expect(declared.name, `${operationId}: the policy is the kind of credential sent`).toBe(policy);
  expect(declared.params, `${operationId}: RateLimit-Policy is the contract's x-novavms-quota`).toEqual({
    q: quota.requests[policy],
    w: quota.windowSeconds,
  });
  const left = item(res, 'ratelimit');
  expect(left.name).toBe(policy);
  expect(Object.keys(left.params).sort()).toEqual(['r', 't']);
  expect(left.params.r!).toBeLessThanOrEqual(quota.requests[policy]!);
  expect(left.params.t!).toBeGreaterThanOrEqual(0);
  expect(left.params.t!).toBeLessThanOrEqual(quota.windowSeconds);
  return { r: left.params.r!, t: left.params.t! };
}

describe('request quotas', () => {
  contractTest(
    target,
    'every /api/v1 operation declares a quota for each kind of credential it accepts, sk_test_ keys fewer than sk_live_ keys',
    cite.spec('x-novavms-quota'),
    [],
    async () => {
      const v1 = (Object.keys(operations) as OperationId[]).filter((id) => operations[id].path.startsWith('/api/v1/'));
      expect(quotaIds.sort()).toEqual(v1.sort());
      for (const id of quotaIds) {
        const { requests } = quotaOf(id);
        expect(requests.unauthenticated, id).toBeGreaterThan(0);
        if (requests.sk_live !== undefined && requests.sk_test !== undefined)
          expect(requests.sk_test, id).toBeLessThan(requests.sk_live);
      }
    },
  );

  contractTest(
    target,
    'a request without a credential is counted per client address: 401 with the unauthenticated policy, one fewer left each time',
    cite.spec('x-novavms-quota, components/headers/RateLimit-Policy and RateLimit'),
    ['stateful', 'mockControl'],
    async () => {
      await resetQuotas(target);
      for (const id of quotaIds) {
        const first = await request(id);
        expectProblem(first, 'AUTHENTICATION_REQUIRED', id);
        const a = checkQuotaHeaders(first, 'unauthenticated');
        const b = checkQuotaHeaders(await request(id), 'unauthenticated');
        expect(a.r, id).toBe(quotaOf(id).requests.unauthenticated! - 1);
        expect(b.r, id).toBe(a.r - 1);
      }
    },
  );

  contractTest(
    target,
    "a user's access token and sk_live_ and sk_test_ keys are counted under their own policies",
    cite.page('See API keys for the full prefix and quota rules.'),
    ['stateful', 'mockControl'],
    async () => {
      await resetQuotas(target);
      const token = await adminLogin.token();
      for (const id of quotaIds) {
        const res = await request(id, token);
        expect(res.status, `${id} with a user token`).toBeLessThan(500);
        checkQuotaHeaders(res, 'user');
      }
      const live = await keys.keyFor('viewer', 'live');
      const test = await keys.keyFor('viewer', 'test');
      for (const [secret, policy] of [
        [live.secret, 'sk_live'],
        [test.secret, 'sk_test'],
      ] as const) {
        for (const id of quotaIds.filter((q) => quotaOf(q).requests[policy] !== undefined)) {
          const a = checkQuotaHeaders(await request(id, secret), policy);
          const b = checkQuotaHeaders(await request(id, secret), policy);
          expect(b.r, `${id} ${policy}`).toBe(a.r - 1);
        }
      }
      // A key sent to an operation that takes none is counted as no credential, per address.
      const managed = quotaIds.find((q) => quotaOf(q).requests.sk_live === undefined)!;
      checkQuotaHeaders(await request(managed, live.secret), 'unauthenticated');
    },
  );

  contractTest(
    target,
    'past its quota every /api/v1 operation answers 429 RATE_LIMITED with Retry-After and r=0, and a new window starts once Retry-After has passed',
    cite.spec('components/responses/QuotaExceeded'),
    ['stateful', 'mockControl'],
    async () => {
      await resetQuotas(target);
      for (const id of quotaIds) {
        const quota = quotaOf(id).requests.unauthenticated!;
        for (let i = 0; i < quota; i++) {
          const res = await request(id);
          expect(res.status, `${id}: request ${i + 1} of ${quota}`).not.toBe(429);
        }
        const limited = await request(id);
        expectProblem(limited, 'RATE_LIMITED', id);
        const { r, t } = checkQuotaHeaders(limited, 'unauthenticated');
        expect(r, id).toBe(0);
        const retryAfter = Number(limited.header('retry-after'));
        expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= quotaOf(id).windowSeconds, id).toBe(
          true,
        );
        expect(retryAfter, `${id}: Retry-After and RateLimit's t agree`).toBe(Math.max(1, t));
      }
      await advanceClock(target, Math.max(...quotaIds.map((id) => quotaOf(id).windowSeconds)));
      for (const id of quotaIds) {
        const fresh = await request(id);
        expectProblem(fresh, 'AUTHENTICATION_REQUIRED', `${id} in a new window`);
        expect(checkQuotaHeaders(fresh, 'unauthenticated').r).toBe(quotaOf(id).requests.unauthenticated! - 1);
      }
    },
  );
});
