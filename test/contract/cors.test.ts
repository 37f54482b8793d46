/**
 * The cross-origin policy the contract states (`x-novavms-cors`, `cors` in generated/contract.ts),
 * against any server: a page of an allowed origin gets its preflights granted for every
 * operation (the path's method, the allowed request headers, the max-age) and every answer
 * with its exact origin, credentials, `Vary: Origin` and the exposed headers; a page of any
 * other origin, however close to an allowed one, gets no CORS header at all. The allowed
 * origin comes from the settings (NOVAVMS_ALLOWED_ORIGIN; the reference server is started with
 * one).
 */
import { describe, expect } from 'vitest';
import { cors } from '../../generated/contract.js';
import { operations } from '../support/openapi.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { examplePath } from './support/example-requests.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { type RawResponse, sendRaw } from './support/http-transport.js';
import { pathOf } from './support/operation-path.js';
import { login, refreshCookieOf, refreshWithCookie } from './support/sessions.js';

const { target, client, viewer, adminLogin } = await contractFile();
const allowed = target.capabilities.allowedOrigin;
const ALLOWED = ['stateful', 'allowedOrigin'] as const;
const SOURCE = cite.spec('x-novavms-cors');

/** A comma-separated header as a set of lower-cased items. */
function items(value: string | string[] | undefined): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    text
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

function preflight(path: string, origin: string, method: string): Promise<RawResponse> {
  return sendRaw(target.baseUrl, {
    method: 'OPTIONS',
    path,
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': cors.allowedHeaders.map((h) => h.toLowerCase()).join(','),
      'user-agent': 'novavms-contract-suite/1.0',
    },
  });
}

/** The headers every answer to an allowed origin carries. */
function expectGranted(headers: Record<string, string | string[]>, origin: string, label: string): void {
  expect(headers['access-control-allow-origin'], label).toBe(origin);
  expect(headers['access-control-allow-credentials'], label).toBe(cors.credentials ? 'true' : undefined);
  expect([...items(headers.vary)], label).toContain('origin');
}

/** Origins that look like `origin` but are not it: another scheme, port or host. */
function lookalikes(origin: string): string[] {
  const url = new URL(origin);
  const otherScheme = `${url.protocol === 'https:' ? 'http:' : 'https:'}//${url.host}`;
  const otherPort = `${url.protocol}//${url.hostname}:${url.port === '' ? '8443' : String(Number(url.port) + 1)}`;
  return [otherScheme, otherPort, `${url.protocol}//${url.hostname}.evil.example`, `${url.protocol}//evil-${url.host}`];
}

const FOREIGN = ['https://not-allowed.contract-suite.test', 'null', ...(allowed ? lookalikes(allowed) : [])];

describe('an allowed origin', () => {
  contractTest(
    target,
    'a preflight of every operation from the allowed origin is granted: its exact origin, credentials, the method, every allowed request header, the max-age and Vary: Origin',
    SOURCE,
    ALLOWED,
    async () => {
      for (const entry of operations()) {
        const method = entry.method.toUpperCase();
        const label = `OPTIONS ${entry.path} for ${method}`;
        const res = await preflight(examplePath(entry), allowed!, method);
        expect(res.status, label).toBeGreaterThanOrEqual(200);
        expect(res.status, label).toBeLessThan(300);
        expectGranted(res.headers, allowed!, label);
        expect([...items(res.headers['access-control-allow-methods'])], label).toContain(method.toLowerCase());
        const granted = items(res.headers['access-control-allow-headers']);
        for (const header of cors.allowedHeaders) expect([...granted], label).toContain(header.toLowerCase());
        expect(res.headers['access-control-max-age'], label).toBe(String(cors.maxAgeSeconds));
      }
    },
  );

  contractTest(
    target,
    'answers to the allowed origin, errors included, carry its exact origin, credentials, Vary: Origin and expose the stated headers',
    SOURCE,
    ALLOWED,
    async () => {
      const headers = { origin: allowed! };
      const anonymous = await client.send({ path: pathOf('getCurrentPrincipal'), headers });
      expectProblem(anonymous, 'AUTHENTICATION_REQUIRED');
      const me = await client.send({ path: pathOf('getCurrentPrincipal'), bearer: await adminLogin.token(), headers });
      expectSuccess(me);
      const jwks = await client.send({ path: pathOf('getJsonWebKeySet'), headers });
      expectSuccess(jwks);
      for (const res of [anonymous, me, jwks]) {
        const label = `${res.operationId} ${res.status}`;
        expectGranted(res.raw.headers, allowed!, label);
        const exposed = [...items(res.raw.headers['access-control-expose-headers'])];
        for (const header of cors.exposedHeaders) expect(exposed, label).toContain(header.toLowerCase());
      }
    },
  );

  contractTest(
    target,
    'the web flow works from the allowed origin: a web login sets the refresh cookie, and the refresh with the cookie and the CSRF header rotates it, both answered with the policy',
    cite.spec('x-novavms-cors: credentials true, allowed header X-NovaVMS-CSRF; RefreshCookie'),
    ALLOWED,
    async () => {
      const headers = { origin: allowed! };
      const web = await login(client, viewer, { clientType: 'web', headers });
      expectSuccess(web);
      expectGranted(web.raw.headers, allowed!, 'web login');
      const cookie = refreshCookieOf(web);
      expect(cookie, 'the web login sets the refresh cookie').toBeDefined();
      const refreshed = await refreshWithCookie(client, cookie!.value, { headers });
      expectSuccess(refreshed);
      expectGranted(refreshed.raw.headers, allowed!, 'cookie refresh');
      expect(refreshCookieOf(refreshed)?.value).not.toBe(cookie!.value);
    },
  );
});

describe('any other origin', () => {
  contractTest(
    target,
    'a preflight from an origin that is not allowed (another site, "null", or the allowed one with another scheme, port or host) gets no CORS header',
    SOURCE,
    STATEFUL,
    async () => {
      for (const origin of FOREIGN) {
        for (const entry of operations()) {
          const res = await preflight(examplePath(entry), origin, entry.method.toUpperCase());
          const label = `${origin}: OPTIONS ${entry.path}`;
          expect(res.status, label).toBeLessThan(500);
          expect(
            Object.keys(res.headers).filter((h) => h.startsWith('access-control-')),
            label,
          ).toEqual([]);
        }
      }
    },
  );

  contractTest(
    target,
    'answers to an origin that is not allowed carry no CORS header, and are otherwise what the request deserves',
    SOURCE,
    STATEFUL,
    async () => {
      for (const origin of FOREIGN) {
        const headers = { origin };
        const anonymous = await client.send({ path: pathOf('getCurrentPrincipal'), headers });
        expectProblem(anonymous, 'AUTHENTICATION_REQUIRED', origin);
        const me = await client.send({
          path: pathOf('getCurrentPrincipal'),
          bearer: await adminLogin.token(),
          headers,
        });
        expectSuccess(me, origin);
        for (const res of [anonymous, me])
          expect(
            Object.keys(res.raw.headers).filter((h) => h.startsWith('access-control-')),
            `${origin}: ${res.status}`,
          ).toEqual([]);
      }
    },
  );
});
