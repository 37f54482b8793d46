/**
 * The access-token check accepts only what the server issues: `exp` and `iat` integers,
 * `exp - iat` the contract's lifetime, `iat` not later than now plus the skew the contract
 * states, and the scopes of the token's role. Each token here is signed with the server's own
 * key (read from its database), so only the claims are wrong.
 */
import { createPrivateKey, type JsonWebKey, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwt, lifetimes, limits, roles } from '../../generated/contract.js';
import { expectProblem } from '../../test/contract/support/expectations.js';
import { decodeJwt } from '../../test/contract/support/jwt-forgery.js';
import { apiSession } from '../../test/contract/support/sessions.js';
import { DEMO } from '../src/demo.js';
import { startTestServer, type TestServer } from './support/server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'novavms-claims-'));
let t: TestServer;
let key: ReturnType<typeof createPrivateKey>;
let kid: string;
/** The claims of a token the server issued to the viewer, as a template. */
let issued: Record<string, unknown>;

beforeAll(async () => {
  const db = path.join(dir, 'novavms.db');
  t = await startTestServer({ db });
  const reader = new Database(db, { readonly: true });
  const stored = reader.prepare<[], { value: string }>("SELECT value FROM meta WHERE name = 'jwt_signing_key'").get();
  reader.close();
  const jwk = JSON.parse(stored!.value) as JsonWebKey & { kid: string };
  kid = jwk.kid;
  key = createPrivateKey({ key: jwk, format: 'jwk' });
  issued = decodeJwt(
    (await apiSession(t.client, { email: DEMO.viewerEmail, password: DEMO.password })).accessToken,
  ).payload;
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A token signed with the server's key whose payload is exactly `payloadJson`. */
function signed(payloadJson: string): string {
  const header = Buffer.from(JSON.stringify({ alg: jwt.algorithms[0], kid, typ: jwt.typ })).toString('base64url');
  const input = `${header}.${Buffer.from(payloadJson).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const nowS = () => Math.floor(t.server.clock.now().getTime() / 1000);
const lifetime = lifetimes.UserAccessToken.defaultSeconds;

/** The issued claims with a fresh jti and `change` applied; `iat` and `exp` default to one reading of the clock. */
function claims(change: Record<string, unknown>): string {
  const iat = nowS();
  return JSON.stringify({ ...issued, jti: `jti_${randomUUID()}`, iat, exp: iat + lifetime, ...change });
}

describe('the access-token check', () => {
  it('accepts a token shaped exactly like the ones the server issues (the control case)', async () => {
    const res = await t.client.send({ path: '/api/v1/cameras', bearer: signed(claims({})) });
    expect(res.status, res.text).toBe(200);
  });

  it('refuses an exp of 1e400 (not an integer: Infinity once parsed)', async () => {
    const payload = claims({ exp: 0 }).replace('"exp":0', '"exp":1e400');
    expectProblem(await t.client.send({ path: '/api/v1/cameras', bearer: signed(payload) }), 'INVALID_TOKEN');
  });

  it('refuses an exp or iat that is not an integer', async () => {
    const iat = nowS();
    for (const change of [
      { iat, exp: iat + lifetime + 0.5 },
      { iat: iat + 0.5, exp: iat + lifetime + 0.5 },
    ]) {
      expectProblem(
        await t.client.send({ path: '/api/v1/cameras', bearer: signed(claims(change)) }),
        'INVALID_TOKEN',
        JSON.stringify(change),
      );
    }
  });

  it(`refuses a lifetime other than the contract's (${lifetime} s)`, async () => {
    // One reading of the clock for iat and exp: a second boundary between two readings would
    // otherwise turn `lifetime + 1` into exactly `lifetime`.
    const iat = nowS();
    for (const exp of [iat + lifetime * 24, iat + lifetime + 1, iat + 60]) {
      expectProblem(
        await t.client.send({ path: '/api/v1/cameras', bearer: signed(claims({ iat, exp })) }),
        'INVALID_TOKEN',
        `exp - iat = ${exp - iat}`,
      );
    }
  });

  it(`refuses an iat later than now plus the stated skew (${limits.maxClockSkewSeconds} s), accepts one within it`, async () => {
    const skew = limits.maxClockSkewSeconds;
    const future = nowS() + skew + 120;
    expectProblem(
      await t.client.send({ path: '/api/v1/cameras', bearer: signed(claims({ iat: future, exp: future + lifetime })) }),
      'INVALID_TOKEN',
    );
    const within = nowS() + Math.floor(skew / 2);
    const ok = await t.client.send({
      path: '/api/v1/cameras',
      bearer: signed(claims({ iat: within, exp: within + lifetime })),
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it("refuses scopes other than the role's: a viewer token claiming the admin scopes cannot list service accounts", async () => {
    const scope = roles.UserAccessToken.admin.join(' ');
    const token = signed(claims({ scope }));
    expectProblem(await t.client.send({ path: '/api/v1/service-accounts', bearer: token }), 'INVALID_TOKEN');
    expectProblem(await t.client.send({ path: '/api/v1/cameras', bearer: token }), 'INVALID_TOKEN');
    const fewer = signed(claims({ scope: '' }));
    expectProblem(await t.client.send({ path: '/api/v1/me', bearer: fewer }), 'INVALID_TOKEN');
  });
});
