/**
 * Access tokens signed with the server's own private key, read from its database: what no
 * client outside can forge, so the contract suite cannot check it. A correct token passes;
 * a wrong iss, aud or typ, a missing claim, an unknown role or a past exp is refused although
 * the signature is right.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CompactSign, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorCode, lifetimes } from '../../generated/contract.js';
import { expectProblem } from '../../test/contract/support/expectations.js';
import { decodeJwt } from '../../test/contract/support/jwt-forgery.js';
import { pathOf } from '../../test/contract/support/operation-path.js';
import { apiSession } from '../../test/contract/support/sessions.js';
import { DEMO } from '../src/demo.js';
import { useTestServer } from './support/server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'novavms-jwt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t = useTestServer({ db: path.join(dir, 'db.sqlite') });
const ME = pathOf('getCurrentPrincipal');
let token: string;

/** Signs a JWT with the server's private key, read from its database (a white-box forgery). */
async function signWithServerKey(header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
  const db = new Database(path.join(dir, 'db.sqlite'), { readonly: true });
  const row = db.prepare("SELECT value FROM meta WHERE name = 'jwt_signing_key'").get() as { value: string };
  db.close();
  const key = await importJWK(JSON.parse(row.value), 'ES256');
  const clean = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
  return new CompactSign(new TextEncoder().encode(JSON.stringify(clean)))
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

beforeAll(async () => {
  token = (await apiSession(t.client, { email: DEMO.ownerEmail, password: DEMO.password })).accessToken;
});

async function expectInvalid(forged: string, code: ErrorCode = 'INVALID_TOKEN') {
  const res = await t.client.send({ path: ME, bearer: forged });
  expectProblem(res, code);
  expect(res.header('www-authenticate')).toMatch(/^Bearer realm="novavms", error="invalid_token"/);
}

describe('tokens signed with the server key', () => {
  it('a correct token passes, but wrong iss, aud or typ, a missing claim or an unknown role are refused', async () => {
    const { header, payload } = decodeJwt(token);
    const good = await signWithServerKey(header, payload);
    expect((await t.client.send({ path: ME, bearer: good })).status).toBe(200);
    for (const [h, p] of [
      [header, { ...payload, iss: 'https://evil.example' }],
      [header, { ...payload, aud: 'https://novavms.novalien.com/other' }],
      [{ ...header, typ: 'JWT' }, payload],
      [{ alg: header.alg, kid: header.kid }, payload],
      [header, { ...payload, sid: undefined }],
      [header, { ...payload, scope: undefined }],
      [header, { ...payload, role: 'superuser' }],
    ] as const) {
      await expectInvalid(await signWithServerKey(h, p));
    }
    const now = Math.floor(t.server.clock.now().getTime() / 1000);
    await expectInvalid(
      await signWithServerKey(header, { ...payload, iat: now - 7200, exp: now - 3600 }),
      'TOKEN_EXPIRED',
    );
  });
});

describe('verified tokens remembered', () => {
  it("a remembered token's signature under another payload or header is refused", async () => {
    // The genuine token is verified, so remembered, first.
    expect((await t.client.send({ path: ME, bearer: token })).status).toBe(200);
    const [head, body, signature] = token.split('.') as [string, string, string];
    const { header, payload } = decodeJwt(token);
    const otherBody = Buffer.from(JSON.stringify({ ...payload, role: 'owner', org: 'org_other0example' })).toString(
      'base64url',
    );
    const otherHead = Buffer.from(JSON.stringify({ ...header, kid: `${String(header.kid)}x` })).toString('base64url');
    await expectInvalid(`${head}.${otherBody}.${signature}`);
    await expectInvalid(`${otherHead}.${body}.${signature}`);
    // The same end of a signature after other characters. ES256 signatures are random, so the
    // first character is replaced by one it cannot already be.
    const otherFirst = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(otherFirst).not.toBe(signature);
    await expectInvalid(`${head}.${body}.${otherFirst}`);
    await expectInvalid(`${head}.${body}.${signature.slice(-40)}`);
    expect((await t.client.send({ path: ME, bearer: token })).status).toBe(200);
  });

  it('a remembered token is accepted under every spelling of the scheme, and refused once expired', async () => {
    for (const authorization of [`Bearer ${token}`, `bearer ${token}`, `BEARER   ${token}`]) {
      expect((await t.client.send({ path: ME, headers: { authorization } })).status).toBe(200);
    }
    const res = await t.client.send({ path: ME, headers: { authorization: `Bearer ${token}x` } });
    expectProblem(res, 'INVALID_TOKEN');
    const malformed = await t.client.send({ path: ME, headers: { authorization: `Bearer ${token} x` } });
    expect(malformed.status).toBe(400);
    t.server.clock.advance(lifetimes.UserAccessToken.defaultSeconds);
    try {
      for (const authorization of [`Bearer ${token}`, `bearer ${token}`]) {
        expectProblem(await t.client.send({ path: ME, headers: { authorization } }), 'TOKEN_EXPIRED');
      }
    } finally {
      t.server.clock.advance(-lifetimes.UserAccessToken.defaultSeconds);
    }
  });
});
