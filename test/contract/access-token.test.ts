/**
 * Access tokens: the published keys verify them, their claims are the documented ones, they
 * are stateless, they expire, and nothing an attacker can craft without the private key is
 * accepted (RFC 8725).
 */
import { beforeAll, describe, expect } from 'vitest';
import { jwt, lifetimes, roles } from '../../generated/contract.js';
import { parseChallenge } from '../support/www-authenticate.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { fetchJwks, verifyWithJwks } from './support/jwks.js';
import {
  algNone,
  decodeJwt,
  hs256WithPublicKey,
  resignedWithForeignKey,
  tamperedPayload,
  withHeader,
} from './support/jwt-forgery.js';
import { advanceClock, mockNow, resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import { type ApiSession, apiSession, logoutWithToken } from './support/sessions.js';

const { target, client, admin, viewer } = await contractFile();
const ME = pathOf('getCurrentPrincipal');

let viewerSession: ApiSession;
beforeAll(async () => {
  await resetIfPossible(target);
  if (target.capabilities.stateful) viewerSession = await apiSession(client, viewer);
});

/** The target's time, when it has its own clock. */
const targetNow = () => (target.capabilities.mockControl ? mockNow(target) : Promise.resolve(undefined));

async function expectInvalidToken(bearer: string, path = ME): Promise<void> {
  const res = await client.send({ path, bearer });
  expectProblem(res, 'INVALID_TOKEN');
  expect(parseChallenge(res.header('www-authenticate'))?.params.error).toBe('invalid_token');
}

describe('real tokens', () => {
  contractTest(
    target,
    'the keys at the JWKS endpoint (public parts only) verify a real access token, pinned to ES256, the issuer, the audience and typ at+jwt; its header is alg, kid and typ, its claims exactly the documented ones, naming its user',
    cite.design(
      'JWT signed asymmetrically with a kid; public keys at GET /.well-known/jwks.json. Header typ: at+jwt. Verification pins the algorithm, issuer and audience',
    ),
    STATEFUL,
    async () => {
      const { payload, protectedHeader } = await verifyWithJwks(client, viewerSession.accessToken, await targetNow());
      const jwks = await fetchJwks(client);
      expect(jwks.keys.map((k) => k.kid)).toContain(protectedHeader.kid);
      for (const key of jwks.keys) expect(key, 'no private key part in the JWKS').not.toHaveProperty('d');
      expect(protectedHeader).toEqual({ alg: jwt.algorithms[0], kid: expect.any(String), typ: jwt.typ });
      expect(Object.keys(payload).sort()).toEqual([...jwt.claims].sort());
      expect(Number(payload.exp) - Number(payload.iat)).toBe(lifetimes.UserAccessToken.defaultSeconds);
      const me = (await client.send({ path: ME, bearer: viewerSession.accessToken })).json();
      expect(payload).toMatchObject({ sub: me.id, org: me.org_id, role: me.role });
      expect(payload.scope).toBe(roles.UserAccessToken[me.role as keyof typeof roles.UserAccessToken].join(' '));
    },
  );

  contractTest(
    target,
    'the access token authenticates a call to /api/v1 as its user, with the role of a user without admin rights, and lists the cameras',
    cite.page('2. Call the API with the access token'),
    STATEFUL,
    async () => {
      const res = await client.send({ path: ME, bearer: viewerSession.accessToken });
      expectSuccess(res);
      const me = res.json<{ kind: string; email?: string; role: string }>();
      expect(me.kind).toBe('user');
      expect(me.email?.toLowerCase()).toBe(viewer.email.toLowerCase());
      expect(me.role).toBe('viewer');
      const cameras = await client.send({ path: pathOf('listCameras'), bearer: viewerSession.accessToken });
      expectSuccess(cameras);
      expect(cameras.json().data.length).toBeGreaterThan(0);
    },
  );

  contractTest(
    target,
    'logging out does not revoke an access token before its exp',
    cite.page('Access token (JWT) | 1 hour | 1 hour | Stateless; cannot be revoked mid-lifetime'),
    STATEFUL,
    async () => {
      const session = await apiSession(client, admin);
      const out = await logoutWithToken(client, session.refreshToken, { userAgent: session.userAgent });
      expectSuccess(out);
      const res = await client.send({ path: ME, bearer: session.accessToken });
      expectSuccess(res);
    },
  );
});

describe('crafted tokens are refused with 401 INVALID_TOKEN', () => {
  const attack = (what: string, source: string, craft: () => Promise<string> | string, path?: string) =>
    contractTest(target, what, source, STATEFUL, async () => expectInvalidToken(await craft(), path));

  attack(
    'alg none with the original claims',
    cite.rfc('RFC 8725 §3.1 (the algorithm is pinned; none is refused)'),
    () => algNone(viewerSession.accessToken),
  );
  attack('alg none with the original claims and a signature', cite.rfc('RFC 8725 §3.1'), () => {
    return `${algNone(viewerSession.accessToken)}${Buffer.from('x').toString('base64url')}`;
  });
  attack('another algorithm in the header (ES384) over the original signature', cite.rfc('RFC 8725 §3.1'), () =>
    withHeader(viewerSession.accessToken, { alg: 'ES384' }),
  );
  attack('HS256 keyed with the published public key (PEM)', cite.rfc('RFC 8725 §2.1, §3.1 (key confusion)'), async () =>
    hs256WithPublicKey(viewerSession.accessToken, (await fetchJwks(client)).keys[0]!, 'pem'),
  );
  attack(
    'HS256 keyed with the published public key (its JWK JSON)',
    cite.rfc('RFC 8725 §2.1, §3.1 (key confusion)'),
    async () => hs256WithPublicKey(viewerSession.accessToken, (await fetchJwks(client)).keys[0]!, 'jwk-json'),
  );
  attack(
    'HS256 keyed with the published public key (its x coordinate)',
    cite.rfc('RFC 8725 §2.1, §3.1 (key confusion)'),
    async () => hs256WithPublicKey(viewerSession.accessToken, (await fetchJwks(client)).keys[0]!, 'x'),
  );
  attack('HS256 keyed with the whole published JWKS', cite.rfc('RFC 8725 §2.1, §3.1 (key confusion)'), async () =>
    hs256WithPublicKey(viewerSession.accessToken, await fetchJwks(client), 'jwks-json'),
  );
  attack(
    'a tampered payload (viewer promoted to owner) under the original signature',
    cite.rfc('RFC 7515 §5.2 (the signature covers the payload)'),
    () => {
      const scope = decodeJwt(viewerSession.accessToken).payload.scope;
      const more = ['service-accounts:read', 'service-accounts:write'];
      return tamperedPayload(viewerSession.accessToken, {
        role: 'owner',
        scope: Array.isArray(scope) ? [...scope, ...more] : [scope, ...more].join(' '),
      });
    },
    pathOf('listServiceAccounts'),
  );
  attack("a token re-signed with a foreign ES256 key under the server's kid", cite.rfc('RFC 8725 §3.1'), () =>
    resignedWithForeignKey(viewerSession.accessToken),
  );
  attack(
    'a foreign key embedded in the header (jwk)',
    cite.rfc('RFC 8725 §2.1 (keys from the token itself are not trusted)'),
    () => resignedWithForeignKey(viewerSession.accessToken, { jwk: true }),
  );
  attack(
    'a kid the JWKS does not publish',
    cite.design('JWT signed with a kid; public keys at GET /.well-known/jwks.json'),
    () => resignedWithForeignKey(viewerSession.accessToken, { kid: 'not-a-published-key' }),
  );
  // A black box cannot sign as the server, so a wrong iss, aud or typ arrives under a foreign
  // signature too: these prove refusal of such tokens, not the claim check on its own (the
  // reference server's own suite signs with its real key for that).
  attack(
    'a wrong issuer, under a foreign signature',
    cite.design('Verification pins the algorithm, issuer and audience'),
    () => resignedWithForeignKey(viewerSession.accessToken, {}, { iss: 'https://attacker.example' }),
  );
  attack(
    'a wrong audience, under a foreign signature',
    cite.design('Verification pins the algorithm, issuer and audience'),
    () => resignedWithForeignKey(viewerSession.accessToken, {}, { aud: 'https://attacker.example/api' }),
  );
  attack(
    'a wrong typ (JWT instead of at+jwt), under a foreign signature',
    cite.rfc('RFC 9068 §4, RFC 8725 §3.11 (explicit typing)'),
    () => resignedWithForeignKey(viewerSession.accessToken, { typ: 'JWT' }),
  );
  attack('a wrong typ under the original signature', cite.rfc('RFC 9068 §4, RFC 8725 §3.11 (explicit typing)'), () =>
    withHeader(viewerSession.accessToken, { typ: 'JWT' }),
  );
  attack('a lifetime extended by a year under the original signature', cite.rfc('RFC 7515 §5.2'), () => {
    const exp = Number(decodeJwt(viewerSession.accessToken).payload.exp);
    return tamperedPayload(viewerSession.accessToken, { exp: exp + 365 * 24 * 3600 });
  });
  contractTest(
    target,
    'garbage shaped like a JWT, a token with its signature cut short, and one without a signature',
    cite.rfc('RFC 7515 §5.2 (validation fails on any malformed part)'),
    STATEFUL,
    async () => {
      const token = viewerSession.accessToken;
      for (const bearer of ['aaa.bbb.ccc', token.slice(0, -5), `${token.split('.').slice(0, 2).join('.')}.`])
        await expectInvalidToken(bearer);
    },
  );
});

// Last: it moves the target's clock past every token issued so far.
describe('expiry', () => {
  contractTest(
    target,
    'an access token, even of a session logged out, works until its exp and is refused with TOKEN_EXPIRED from then on',
    cite.page('Access token (JWT) | 1 hour | 1 hour | Stateless; cannot be revoked mid-lifetime'),
    ['stateful', 'mockControl'],
    async () => {
      const session = await apiSession(client, viewer);
      expectSuccess(await logoutWithToken(client, session.refreshToken, { userAgent: session.userAgent }));
      const exp = Number(decodeJwt(session.accessToken).payload.exp);
      const secondsTo = async (instant: number) => instant - Math.floor((await mockNow(target)).getTime() / 1000);
      // Five seconds before exp (the target's clock keeps running while the requests travel).
      await advanceClock(target, await secondsTo(exp - 5));
      expectSuccess(await client.send({ path: ME, bearer: session.accessToken }), 'just before exp');
      await advanceClock(target, Math.max(0, await secondsTo(exp)));
      const res = await client.send({ path: ME, bearer: session.accessToken });
      expectProblem(res, 'TOKEN_EXPIRED');
      expect(parseChallenge(res.header('www-authenticate'))?.params.error).toBe('invalid_token');
    },
  );
});
