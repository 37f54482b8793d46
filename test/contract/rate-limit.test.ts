/**
 * Failed logins are limited per account and per client address (x-novavms-rate-limit): past
 * the limit, 429 RATE_LIMITED with Retry-After, even for the right password; X-Forwarded-For
 * does not give an attacker a fresh address. Runs last (support/file-order.ts): it locks
 * accounts and this address out; with mock controls it resets the target before and after.
 */
import { afterAll, beforeEach, describe, expect } from 'vitest';
import { loginRateLimit } from '../../generated/contract.js';
import type { ContractResponse } from './support/contract-client.js';
import { contractFile } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { advanceClock, mockNow, resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import { login } from './support/sessions.js';

const { target, client, admin, viewer } = await contractFile();

beforeEach(() => resetIfPossible(target));
afterAll(() => resetIfPossible(target));

/** The target's clock, in seconds. */
const mockSeconds = async () => (await mockNow(target)).getTime() / 1000;

let addresses = 0;
/** A documentation address (RFC 5737) of its own for each attempt. */
const forwardedFor = () => `198.51.100.${(addresses++ % 250) + 1}`;
const wrong = (email: string) => ({ email, password: 'not-the-password-0' });

function expectRateLimited(res: ContractResponse): number {
  expectProblem(res, 'RATE_LIMITED');
  const retryAfter = Number(res.header('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  expect(retryAfter).toBeLessThanOrEqual(
    Math.max(loginRateLimit.perAccount.windowSeconds, loginRateLimit.perAddress.windowSeconds),
  );
  return retryAfter;
}

describe('failed-login limits', () => {
  contractTest(
    target,
    `only failures count: ${loginRateLimit.perAccount.failures * 2} right logins of one account sent at once all succeed`,
    cite.spec('x-novavms-rate-limit counts failed logins'),
    ['stateful'],
    async () => {
      const results = await Promise.all(
        Array.from({ length: loginRateLimit.perAccount.failures * 2 }, () =>
          login(client, viewer, { clientType: 'api' }),
        ),
      );
      for (const [i, res] of results.entries()) expectSuccess(res, `login ${i + 1}`);
    },
  );

  contractTest(
    target,
    `after ${loginRateLimit.perAccount.failures} failed logins for an unknown email the next attempt gets 429 with Retry-After, as a real account would`,
    cite.design('Failed attempts are limited per account and per client address: 429 RATE_LIMITED with Retry-After'),
    ['stateful'],
    async () => {
      const email = `nobody-${Date.now().toString(36)}@example.invalid`;
      for (let i = 0; i < loginRateLimit.perAccount.failures; i++) {
        const res = await login(client, wrong(email), { clientType: 'api' });
        expectProblem(res, 'INVALID_CREDENTIALS', `attempt ${i + 1}`);
      }
      expectRateLimited(await login(client, wrong(email), { clientType: 'api' }));
    },
  );

  contractTest(
    target,
    `after ${loginRateLimit.perAccount.failures} failed logins for an account, even the right password gets 429 until Retry-After has passed`,
    cite.spec('loginWithPassword: past the limit the answer is 429 with Retry-After, even for the right password'),
    ['stateful', 'mockControl'],
    async () => {
      const { windowSeconds } = loginRateLimit.perAccount;
      const start = await mockSeconds();
      for (let i = 0; i < loginRateLimit.perAccount.failures; i++) {
        const res = await login(client, wrong(viewer.email), {
          clientType: 'api',
          headers: { 'x-forwarded-for': forwardedFor() },
        });
        expectProblem(res, 'INVALID_CREDENTIALS', `attempt ${i + 1}`);
      }
      const retryAfter = expectRateLimited(
        await login(client, viewer, { clientType: 'api', headers: { 'x-forwarded-for': forwardedFor() } }),
      );
      // Until the first failure leaves the window: at most the window, less the time the attempts took.
      expect(retryAfter).toBeGreaterThanOrEqual(windowSeconds - Math.ceil((await mockSeconds()) - start) - 1);
      await advanceClock(target, retryAfter - 100);
      const later = await login(client, viewer, { clientType: 'api' });
      const remaining = expectRateLimited(later);
      expect(remaining, '100 s before the end, Retry-After says so').toBeGreaterThanOrEqual(99);
      expect(remaining).toBeLessThanOrEqual(100);
      // After the Retry-After reading: the clock runs on while a login is checked.
      const other = await login(client, admin, { clientType: 'api' });
      expectSuccess(other, 'another account is not affected');
      await advanceClock(target, remaining);
      const after = await login(client, viewer, { clientType: 'api' });
      expectSuccess(after, `after Retry-After (${retryAfter} s)`);
    },
  );

  contractTest(
    target,
    `an account limited after ${loginRateLimit.perAccount.failures} failures is limited from another address too: the account is limited, not the address`,
    cite.design('Failed attempts are limited per account and per client address'),
    ['stateful', 'mockControl', 'altSourceAddress'],
    async () => {
      for (let i = 0; i < loginRateLimit.perAccount.failures; i++)
        expectProblem(await login(client, wrong(viewer.email), { clientType: 'api' }), 'INVALID_CREDENTIALS');
      expectRateLimited(
        await login(client, viewer, { clientType: 'api', localAddress: target.capabilities.altSourceAddress! }),
      );
    },
  );

  contractTest(
    target,
    `guesses sent at once cannot slip past the limit: of ${loginRateLimit.perAccount.failures * 4} wrong passwords at once, ${loginRateLimit.perAccount.failures} are checked and the rest get 429`,
    cite.spec('x-novavms-rate-limit per_account failures'),
    ['stateful', 'mockControl'],
    async () => {
      const { failures } = loginRateLimit.perAccount;
      const results = await Promise.all(
        Array.from({ length: failures * 4 }, (_, i) =>
          login(client, { email: viewer.email, password: `not-the-password-${i}` }, { clientType: 'api' }),
        ),
      );
      const codes = results.map((res) => res.code);
      expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(failures);
      expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(failures * 3);
      expectRateLimited(await login(client, viewer, { clientType: 'api' }));
    },
  );

  contractTest(
    target,
    `after ${loginRateLimit.perAddress.failures} failed logins from one address, each for another email and with another X-Forwarded-For, the address is limited; another address claiming to be it is not: X-Forwarded-For is not trusted`,
    cite.spec('x-novavms-rate-limit per_address; X-Forwarded-For is not a client address the server trusts'),
    ['stateful', 'mockControl', 'altSourceAddress'],
    async () => {
      const from = target.capabilities.altSourceAddress!;
      for (let i = 0; i < loginRateLimit.perAddress.failures; i++) {
        const res = await login(client, wrong(`nobody-${i}@example.invalid`), {
          clientType: 'api',
          localAddress: from,
          headers: { 'x-forwarded-for': forwardedFor() },
        });
        expectProblem(res, 'INVALID_CREDENTIALS', `attempt ${i + 1}`);
      }
      expectRateLimited(
        await login(client, admin, {
          clientType: 'api',
          localAddress: from,
          headers: { 'x-forwarded-for': forwardedFor() },
        }),
      );
      const other = await login(client, admin, { clientType: 'api', headers: { 'x-forwarded-for': from } });
      expectSuccess(other, 'the default address, claiming to be the limited one');
      expectSuccess(
        await client.send({
          path: pathOf('getCurrentPrincipal'),
          bearer: other.json<{ access_token: string }>().access_token,
        }),
      );
    },
  );
});
