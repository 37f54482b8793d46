/**
 * DESIGN "Access tokens" and the JWT attacks of RFC 8725: ES256 with a `kid` from the JWKS,
 * `typ: at+jwt`, the contract's claims; `alg: none`, HS256 keyed with the public key, a
 * tampered payload, a foreign key, wrong iss/aud/typ → INVALID_TOKEN; past exp → TOKEN_EXPIRED.
 */
import { createHmac, generateKeyPairSync, sign as signWith } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CompactSign, createLocalJWKSet, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorCode, jwt, lifetimes, roles } from '../../generated/contract.js';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { bearer, jwtPart, loginApi, useTestServer } from './support/server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'novavms-jwt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t = useTestServer({ db: path.join(dir, 'db.sqlite') });
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
  token = (await loginApi(t.client, DEMO.ownerEmail, DEMO.password)).accessToken;
});

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

async function expectInvalid(forged: string, code: ErrorCode = 'INVALID_TOKEN') {
  const res = await t.client.get('/api/v1/me', { headers: bearer(forged) });
  expectProblem(res, code);
  expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="novavms", error="invalid_token"/);
}

describe('issued tokens', () => {
  it('are ES256 with the kid of the JWKS and typ at+jwt, and verify with the published key, pinned as the contract says', async () => {
    const header = jwtPart(token, 0);
    expect(header).toEqual({ alg: 'ES256', kid: expect.any(String), typ: jwt.typ });
    const jwks = await t.client.get(jwt.jwksUri);
    expect(jwks.status).toBe(200);
    expect(jwks.json.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    expect(JSON.stringify(jwks.json)).not.toContain('"d"');
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.json), {
      algorithms: [...jwt.algorithms],
      issuer: jwt.issuer,
      audience: jwt.audience,
      typ: jwt.typ,
      currentDate: t.server.clock.now(),
    });
    for (const claim of jwt.claims) expect(payload[claim], claim).toBeDefined();
    expect(payload.exp! - payload.iat!).toBe(lifetimes.UserAccessToken.defaultSeconds);
    expect(payload.scope).toBe(roles.UserAccessToken.owner.join(' '));
    expect(payload).toMatchObject({ sub: 'usr_ops0example', org: 'org_demo0example', role: 'owner' });
    expect(payload.sid).toMatch(/^ses_/);
  });

  it('expire at exp: 401 TOKEN_EXPIRED', async () => {
    const fresh = (await loginApi(t.client, DEMO.viewerEmail, DEMO.password)).accessToken;
    t.server.clock.advance(lifetimes.UserAccessToken.defaultSeconds - 1);
    expect((await t.client.get('/api/v1/me', { headers: bearer(fresh) })).status).toBe(200);
    t.server.clock.advance(1);
    await expectInvalid(fresh, 'TOKEN_EXPIRED');
    t.server.clock.advance(-lifetimes.UserAccessToken.defaultSeconds);
  });
});

describe('forgeries', () => {
  it('alg none is refused', async () => {
    const [, payload] = token.split('.');
    await expectInvalid(`${b64({ alg: 'none', typ: jwt.typ })}.${payload}.`);
    await expectInvalid(`${b64({ alg: 'none', typ: jwt.typ })}.${payload}.${b64('x')}`);
  });

  it('HS256 keyed with the public key (algorithm confusion) is refused', async () => {
    const jwks = (await t.client.get(jwt.jwksUri)).json;
    const header = { ...jwtPart(token, 0), alg: 'HS256' };
    const payload = jwtPart(token, 1);
    const input = `${b64(header)}.${b64(payload)}`;
    for (const secret of [JSON.stringify(jwks.keys[0]), jwks.keys[0].x, JSON.stringify(jwks)]) {
      const sig = createHmac('sha256', secret).update(input).digest('base64url');
      await expectInvalid(`${input}.${sig}`);
    }
  });

  it('a tampered payload (role, scope, exp) is refused', async () => {
    const [header, , sig] = token.split('.');
    const payload = jwtPart(token, 1);
    for (const change of [
      { role: 'owner', sub: 'usr_viewer0example' },
      { scope: 'cameras:read audit:read service-accounts:write' },
      { exp: (payload.exp as number) + 86400 },
    ]) {
      await expectInvalid(`${header}.${b64({ ...payload, ...change })}.${sig}`);
    }
  });

  it('a token signed with another ES256 key, even with the right kid, is refused', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const input = `${b64(jwtPart(token, 0))}.${b64(jwtPart(token, 1))}`;
    const sig = signWith('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString(
      'base64url',
    );
    await expectInvalid(`${input}.${sig}`);
  });

  it("with the server's own key: a correct token passes, but wrong iss, aud or typ, a missing claim or an unknown role are refused", async () => {
    const header = jwtPart(token, 0);
    const payload = jwtPart(token, 1);
    const good = await signWithServerKey(header, payload);
    expect((await t.client.get('/api/v1/me', { headers: bearer(good) })).status).toBe(200);
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

  it('garbage shaped like a JWT, and a truncated token, are refused', async () => {
    await expectInvalid('aaa.bbb.ccc');
    await expectInvalid(token.slice(0, -5));
    await expectInvalid(`${token.split('.').slice(0, 2).join('.')}.`);
  });
});
