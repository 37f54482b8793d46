/**
 * The response checker on its own, with hand-made responses: it accepts a conforming one and
 * names each kind of departure (undocumented status, missing or invalid header, wrong content
 * type, schema error, problem inconsistent with its code, wrong RFC 6750 challenge, requests
 * outside every operation, a target's own routes). And the client that applies it, against a
 * stub server: a departure throws, naming the request. No target is needed, so this runs
 * against every target.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type ErrorCode, errors, lifetimes } from '../../generated/contract.js';
import { matchOperation } from '../support/operation-index.js';
import { checkResponse } from '../support/response-check.js';
import { ContractClient, ContractViolation, contractViolations } from './support/contract-client.js';
import type { RawResponse } from './support/http-transport.js';
import { pathOf } from './support/operation-path.js';

const ME = matchOperation('GET', pathOf('getCurrentPrincipal'));
const CAMERAS = matchOperation('GET', pathOf('listCameras'));
const LOGIN = matchOperation('POST', pathOf('loginWithPassword'));

function problem(code: ErrorCode, challenge?: string, overrides: Record<string, unknown> = {}): RawResponse {
  const { status, title, type } = errors[code];
  // With the request-quota headers every /api/v1 answer carries (x-novavms-quota).
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    'ratelimit-policy': '"unauthenticated";q=60;w=60',
    ratelimit: '"unauthenticated";r=59;t=60',
  };
  if (challenge !== undefined) headers['www-authenticate'] = challenge;
  return {
    status,
    headers,
    body: Buffer.from(JSON.stringify({ type, title, status, code, request_id: 'req_0123456789ab', ...overrides })),
  };
}

const json = (status: number, body: unknown): RawResponse => ({
  status,
  // With the request-quota headers every /api/v1 answer carries (x-novavms-quota).
  headers: {
    'content-type': 'application/json',
    'ratelimit-policy': '"sk_live";q=600;w=60',
    ratelimit: '"sk_live";r=599;t=60',
  },
  body: Buffer.from(JSON.stringify(body)),
});

const tokens = (
  overrides: Record<string, unknown> = {},
  headers: Record<string, string> = { 'cache-control': 'no-store' },
): RawResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(
    JSON.stringify({
      access_token: 'aaa.bbb.ccc',
      token_type: 'Bearer',
      expires_in: lifetimes.UserAccessToken.defaultSeconds,
      refresh_token: `rt_${'A'.repeat(43)}`,
      refresh_token_expires_in: lifetimes.RefreshToken.defaultSeconds,
      ...overrides,
    }),
  ),
});

describe('checkResponse', () => {
  it('accepts conforming responses', () => {
    const page = { data: [], next_cursor: null };
    expect(checkResponse(CAMERAS, json(200, page))).toEqual([]);
    expect(checkResponse(ME, problem('AUTHENTICATION_REQUIRED', 'Bearer realm="novavms"'))).toEqual([]);
    expect(checkResponse(ME, problem('INVALID_TOKEN', 'Bearer realm="novavms", error="invalid_token"'))).toEqual([]);
    expect(checkResponse(LOGIN, tokens())).toEqual([]);
  });

  it('names the operation, the status and the first schema error of an undocumented status', () => {
    const [violation] = checkResponse(
      ME,
      problem('INSUFFICIENT_SCOPE', 'Bearer realm="novavms", error="insufficient_scope"'),
    );
    expect(violation).toMatch(/status 403 is not documented for getCurrentPrincipal/);
    const [server] = checkResponse(ME, {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: Buffer.from('<h1>oops</h1>'),
    });
    expect(server).toMatch(/status 502 is not documented for getCurrentPrincipal.*not JSON/);
    const [bad] = checkResponse(ME, {
      status: 504,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"error":"down"}'),
    });
    expect(bad).toMatch(/first schema error against Problem: .*required/);
  });

  it('names a body that breaks the schema, a status the operation does not document, a missing or foreign challenge', () => {
    expect(checkResponse(CAMERAS, json(200, { data: [], next_cursor: null, extra: 1 }))).toContainEqual(
      expect.stringMatching(/body does not match/),
    );
    expect(checkResponse(CAMERAS, problem('NOT_FOUND'))).toContainEqual(
      expect.stringMatching(/status 404 is not documented for listCameras/),
    );
    expect(checkResponse(CAMERAS, problem('INVALID_TOKEN'))).toContainEqual(
      expect.stringMatching(/missing required header WWW-Authenticate/),
    );
    expect(checkResponse(CAMERAS, problem('INVALID_TOKEN', 'Bearer realm="other"'))).toContainEqual(
      expect.stringMatching(/WWW-Authenticate/),
    );
  });

  it('requires documented headers and checks them against their schemas', () => {
    expect(checkResponse(ME, problem('AUTHENTICATION_REQUIRED'))).toContainEqual(
      expect.stringMatching(/missing required header WWW-Authenticate/),
    );
    expect(checkResponse(LOGIN, tokens({}, {}))).toContainEqual(
      expect.stringMatching(/missing required header Cache-Control/),
    );
    expect(checkResponse(LOGIN, tokens({}, { 'cache-control': 'no-cache' }))).toContainEqual(
      expect.stringMatching(/header Cache-Control .* does not match/),
    );
    const cookie = { 'cache-control': 'no-store', 'set-cookie': 'novavms_refresh=rt_x; Path=/' };
    expect(checkResponse(LOGIN, tokens({}, cookie))).toContainEqual(expect.stringMatching(/header Set-Cookie/));
  });

  it('checks the content type and the body schema', () => {
    const wrongType = { ...tokens(), headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } };
    expect(checkResponse(LOGIN, wrongType)).toContainEqual(expect.stringMatching(/content type .* is not documented/));
    expect(checkResponse(LOGIN, tokens({ token_type: 'bearer' }))).toContainEqual(
      expect.stringMatching(/body does not match the schema of 200/),
    );
    expect(checkResponse(LOGIN, tokens({ secret: 'x' }))).toContainEqual(expect.stringMatching(/body does not match/));
  });

  it('checks that a problem agrees with its code in x-novavms-errors', () => {
    const mismatched = problem('INVALID_TOKEN', 'Bearer realm="novavms", error="invalid_token"', {
      type: 'about:blank',
    });
    expect(checkResponse(ME, mismatched)).toContainEqual(expect.stringMatching(/has type/));
    const wrongStatus = problem('INVALID_TOKEN', 'Bearer realm="novavms", error="invalid_token"', { status: 400 });
    expect(checkResponse(ME, wrongStatus)).toContainEqual(expect.stringMatching(/problem status 400 differs/));
  });

  it('checks the RFC 6750 error attribute against the problem code', () => {
    expect(
      checkResponse(ME, problem('AUTHENTICATION_REQUIRED', 'Bearer realm="novavms", error="invalid_token"')),
    ).toContainEqual(expect.stringMatching(/needs no error attribute/));
    expect(checkResponse(ME, problem('TOKEN_EXPIRED', 'Bearer realm="novavms"'))).toContainEqual(
      expect.stringMatching(/needs error="invalid_token"/),
    );
    expect(checkResponse(ME, problem('INVALID_TOKEN', 'Basic realm="novavms"'))).toContainEqual(
      expect.stringMatching(/not a Bearer challenge|does not match/),
    );
  });

  it('leaves the challenge rules out at schema level (an example mock serves one static header)', () => {
    expect(checkResponse(ME, problem('TOKEN_EXPIRED', 'Bearer realm="novavms"'), 'schema')).toEqual([]);
  });

  it('holds requests outside every operation to 404, or 405 with Allow', () => {
    const unknown = matchOperation('GET', '/api/v1/nothing-here');
    expect(checkResponse(unknown, problem('NOT_FOUND'))).toEqual([]);
    const wrongMethod = matchOperation('DELETE', pathOf('listCameras'));
    expect(wrongMethod.allowedMethods).toEqual(['GET']);
    expect(checkResponse(wrongMethod, problem('METHOD_NOT_ALLOWED'))).toContainEqual(
      expect.stringMatching(/Allow must list GET/),
    );
    const withAllow = problem('METHOD_NOT_ALLOWED');
    withAllow.headers.allow = 'GET';
    expect(checkResponse(wrongMethod, withAllow)).toEqual([]);
  });

  it('holds HEAD to the GET operation of its path, without a body (RFC 9110 §9.3.2)', () => {
    const head = matchOperation('HEAD', pathOf('getCurrentPrincipal'));
    expect([head.entry?.operationId, head.bodyless]).toEqual(['getCurrentPrincipal', true]);
    const bodiless = (res: RawResponse): RawResponse => ({ ...res, body: Buffer.alloc(0) });
    expect(checkResponse(head, bodiless(problem('AUTHENTICATION_REQUIRED', 'Bearer realm="novavms"')))).toEqual([]);
    expect(checkResponse(head, problem('AUTHENTICATION_REQUIRED', 'Bearer realm="novavms"'))).toContainEqual(
      expect.stringMatching(/the answer to HEAD has a body/),
    );
    expect(checkResponse(head, bodiless(problem('AUTHENTICATION_REQUIRED')))).toContainEqual(
      expect.stringMatching(/missing required header WWW-Authenticate/),
    );
    // A path without GET: HEAD is a method it does not accept.
    const noGet = matchOperation('HEAD', pathOf('loginWithPassword'));
    expect(noGet.entry).toBeNull();
    const refused = bodiless(problem('METHOD_NOT_ALLOWED'));
    refused.headers.allow = 'POST';
    expect(checkResponse(noGet, refused)).toEqual([]);
  });
});

describe("a target's own routes (ownRoutes)", () => {
  const own = { ownRoutes: ['/__mock/clock', '/docs'] };

  it('hold answers to never a 5xx and errors to problems; any other path outside the contract is a 404', () => {
    expect(contractViolations('GET', '/__mock/clock', json(200, { now: '2030-01-01T00:00:00.000Z' }), own)).toEqual([]);
    expect(contractViolations('POST', '/__mock/clock', problem('INVALID_REQUEST'), own)).toEqual([]);
    expect(contractViolations('POST', '/__mock/clock', json(400, { message: 'nope' }), own)).toContainEqual(
      expect.stringMatching(/does not match Problem/),
    );
    expect(contractViolations('GET', '/docs', problem('INTERNAL_ERROR'), own)).toContainEqual(
      expect.stringMatching(/never a 5xx/),
    );
    expect(contractViolations('GET', '/nowhere', json(200, {}), own)).toContainEqual(
      expect.stringMatching(/needs 404/),
    );
    // Without ownRoutes, the same path is held to 404 like any other.
    expect(contractViolations('GET', '/__mock/clock', json(200, { now: '2030-01-01T00:00:00.000Z' }))).toContainEqual(
      expect.stringMatching(/needs 404/),
    );
  });
});

describe('ContractClient', () => {
  it('throws a ContractViolation naming the request, the operation and the status on a departing answer', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'ratelimit-policy': '"unauthenticated";q=60;w=60',
        ratelimit: '"unauthenticated";r=59;t=60',
      });
      res.end(JSON.stringify({ data: [], next_cursor: null, extra: 1 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = new ContractClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const sent = client.send({ path: pathOf('listCameras', {}, { limit: 2 }) });
      await expect(sent).rejects.toThrow(ContractViolation);
      await expect(sent).rejects.toThrow(/^GET \/api\/v1\/cameras → listCameras answered 200.*\n.*body does not match/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
