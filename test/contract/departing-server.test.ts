/**
 * The suite catches a server that departs from the contract. A proxy in front of the target
 * departs in one way at a time; the suite's own checks, run through it, must fail — and run
 * through a proxy that changes nothing, must pass.
 */
import { afterEach, describe, expect } from 'vitest';
import { readSettings } from '../../tools/target-settings.js';
import { operations } from '../support/openapi.js';
import { checkNoCredentialChallenge } from './checks/challenges.js';
import { checkApiLoginLifetimes } from './checks/lifetimes.js';
import { checkRotationAndReuse } from './checks/rotation.js';
import { ContractClient } from './support/contract-client.js';
import { cite, contractTest } from './support/contract-test.js';
import { type DepartingProxy, type Departure, startDepartingProxy } from './support/departing-proxy.js';
import { resetIfPossible } from './support/mock-control.js';
import { getTarget } from './support/target.js';

const target = await getTarget();
const { admin, viewer } = readSettings();
const me = operations().find((o) => o.operationId === 'getCurrentPrincipal')!;

const open: DepartingProxy[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

/** A client through a proxy that departs as told; its answers are not recorded for coverage. */
async function through(departure: Departure): Promise<ContractClient> {
  const proxy = await startDepartingProxy(target.baseUrl, departure);
  open.push(proxy);
  return new ContractClient({ baseUrl: proxy.url });
}

const cases: { departure: Departure; check: string; run: (c: ContractClient) => Promise<void>; failure: RegExp }[] = [
  {
    departure: 'drop-www-authenticate',
    check: 'the RFC 6750 challenge check',
    run: (c) => checkNoCredentialChallenge(c, me),
    failure: /missing required header WWW-Authenticate/,
  },
  {
    departure: 'change-expires-in',
    check: 'the lifetime check',
    run: (c) => checkApiLoginLifetimes(c, admin, false),
    failure: /expires_in/,
  },
  {
    departure: 'accept-rotated-refresh-token',
    check: 'the rotation and reuse check',
    run: (c) => checkRotationAndReuse(c, viewer),
    failure: /the rotated token presented again/,
  },
];

describe('a departing server makes the suite fail', () => {
  for (const { departure, check, run, failure } of cases) {
    contractTest(
      target,
      `${check} passes through a faithful proxy and fails through one that does "${departure}"`,
      cite.design('test/contract … a black-box suite that checks ANY server against the contract'),
      ['stateful'],
      async () => {
        await resetIfPossible(target);
        await expect(run(await through('none')), 'through a proxy that changes nothing').resolves.toBeUndefined();
        await expect(run(await through(departure)), `through a proxy that does ${departure}`).rejects.toThrow(failure);
      },
    );
  }
});
