/**
 * The response checker on its own, with hand-made responses: it accepts a conforming one and
 * names each kind of departure (undocumented status, missing or invalid header, wrong content
 * type, schema error, problem inconsistent with its code, wrong RFC 6750 challenge, requests
 * outside every operation). No server is needed, so this runs against every target.
 */
import { describe, expect, it } from 'vitest';
import { type ErrorCode, errors, lifetimes } from '../../generated/contract.js';
import { matchOperation } from '../support/operation-index.js';
import { checkResponse } from '../support/response-check.js';
import type { RawResponse } from './support/http-transport.js';
import { pathOf } from './support/operation-path.js';

const ME = matchOperation('GET', pathOf('getCurrentPrincipal'));
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
