/**
 * DESIGN "Errors": every error is an RFC 9457 problem from the contract's error table with a
 * `request_id`; RFC 6750 challenges; and bad input never gives a 5xx or a stack trace —
 * malformed JSON 400, wrong content type 415, a body over the limit 413, an oversized or
 * malformed Authorization 400, unknown routes 404, wrong methods 405 with `Allow`.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errors, limits, operations } from '../../generated/contract.js';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { send } from './support/http.js';
import { bearer, useTestServer } from './support/server.js';

const t = useTestServer();

const login = { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'api' };

describe('problems', () => {
  it('carry type, title and status of the contract, the path as instance and a request_id', async () => {
    const res = await t.client.get('/api/v1/cameras/cam_nowhere0', { headers: bearer(t.server.demo.liveKey) });
    expectProblem(res, 'NOT_FOUND');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const { type, title, status } = errors.NOT_FOUND;
    expect(res.json).toMatchObject({
      type,
      title,
      status,
      code: 'NOT_FOUND',
      instance: '/api/v1/cameras/cam_nowhere0',
    });
    expect(res.json.request_id).toMatch(/^req_[0-9A-Za-z]{8,40}$/);
    const again = await t.client.get('/api/v1/cameras/cam_nowhere0', { headers: bearer(t.server.demo.liveKey) });
    expect(again.json.request_id).not.toBe(res.json.request_id);
  });
});

describe('bodies', () => {
  it('malformed JSON: 400 INVALID_REQUEST', async () => {
    const res = await t.client.post('/api/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: '{"email": "ops@example.com",',
    });
    expectProblem(res, 'INVALID_REQUEST');
    expect(res.json.errors[0].location).toBe('body');
  });

  it('a body that is not UTF-8 (RFC 8259 §8.1): 400 INVALID_REQUEST, on the API and on the mock clock', async () => {
    // The password ends in a lone 0xFF byte: never valid UTF-8, whatever precedes it.
    const bytes = Buffer.concat([
      Buffer.from('{"email": "ops@example.com", "password": "CorrectHorseBattery!'),
      Buffer.from([0xff]),
      Buffer.from('", "client_type": "api"}'),
    ]);
    const res = await t.client.post('/api/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    expectProblem(res, 'INVALID_REQUEST');
    expect(res.json.errors[0]).toMatchObject({ location: 'body', pointer: '' });
    const clockBytes = Buffer.concat([Buffer.from('{"advance": "PT1H'), Buffer.from([0xc3]), Buffer.from('"}')]);
    expectProblem(
      await t.client.post('/__mock/clock', { headers: { 'content-type': 'application/json' }, body: clockBytes }),
      'INVALID_REQUEST',
    );
  });

  it('a JSON body that is not an object: 400', async () => {
    for (const body of ['[]', '"text"', 'null', '42']) {
      const res = await t.client.post('/api/auth/login', { headers: { 'content-type': 'application/json' }, body });
      expectProblem(res, 'INVALID_REQUEST');
    }
  });

  it('wrong content type: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await t.client.post('/api/auth/login', {
        headers: { 'content-type': type },
        body: JSON.stringify(login),
      });
      expectProblem(res, 'UNSUPPORTED_MEDIA_TYPE', type);
    }
    const none = await t.client.post('/api/auth/login', { body: Buffer.from(JSON.stringify(login)) });
    expectProblem(none, 'UNSUPPORTED_MEDIA_TYPE');
    const withCharset = await t.client.post('/api/auth/login', {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(login),
    });
    expect(withCharset.status).toBe(200);
  });

  it('a missing required body: 400', async () => {
    const res = await t.client.post('/api/auth/login', { headers: { 'content-type': 'application/json' } });
    expectProblem(res, 'INVALID_REQUEST');
  });

  it(`a body over ${limits.maxBodyBytes} bytes: 413 PAYLOAD_TOO_LARGE (declared or chunked)`, async () => {
    const big = JSON.stringify({ ...login, password: 'x'.repeat(limits.maxBodyBytes) });
    const res = await t.client.post('/api/auth/login', { headers: { 'content-type': 'application/json' }, body: big });
    expectProblem(res, 'PAYLOAD_TOO_LARGE');
    const chunked = await send(
      t.server.url,
      'POST',
      '/api/auth/login',
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      Buffer.from(big),
    );
    expectProblem(chunked, 'PAYLOAD_TOO_LARGE');
    // Under the limit, the body is read and validated (a password over its maxLength is 400).
    const atLimit = JSON.stringify({ ...login, password: 'x'.repeat(300) });
    expectProblem(
      await t.client.post('/api/auth/login', { headers: { 'content-type': 'application/json' }, body: atLimit }),
      'INVALID_REQUEST',
    );
  });
});

describe('Authorization header', () => {
  it(`longer than ${limits.maxAuthorizationBytes} bytes: 400 with error="invalid_request"`, async () => {
    const res = await t.client.get('/api/v1/cameras', { headers: bearer('a'.repeat(limits.maxAuthorizationBytes)) });
    expectProblem(res, 'INVALID_REQUEST');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="novavms", error="invalid_request"/);
  });

  it('not "Bearer <token68>": 400 with error="invalid_request"', async () => {
    for (const value of [
      'Bearer',
      'Bearer ',
      'Bearer a b',
      'Bearer "quoted"',
      'Bearer tok,en',
      'bearer sk_live_x y',
      '(bad) scheme',
    ]) {
      const res = await t.client.get('/api/v1/cameras', { headers: { authorization: value } });
      expect(res.status, value).toBe(400);
      expect(res.headers['www-authenticate']).toContain('error="invalid_request"');
    }
  });

  it('sent twice: 400 with error="invalid_request", even when both carry the same valid key', async () => {
    const key = `Bearer ${t.server.demo.liveKey}`;
    for (const values of [
      [key, key],
      [key, 'Bearer sk_live_other'],
      ['Bearer sk_live_other', key],
    ]) {
      const res = await t.client.get('/api/v1/cameras', { headers: { authorization: values } });
      expectProblem(res, 'INVALID_REQUEST', values.join(' | '));
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="novavms", error="invalid_request"/);
      expect(res.json.errors).toEqual([expect.objectContaining({ location: 'header', pointer: '/authorization' })]);
    }
    // Also where the refresh token travels as Bearer.
    expectProblem(
      await t.client.post('/api/auth/refresh', { headers: { authorization: [key, key] } }),
      'INVALID_REQUEST',
    );
    expect((await t.client.get('/api/v1/cameras', { headers: { authorization: key } })).status).toBe(200);
  });

  it('another scheme or none: 401 AUTHENTICATION_REQUIRED with a bare challenge', async () => {
    for (const headers of [
      {},
      { authorization: 'Basic b3BzOnB3' },
      { authorization: 'Digest' },
      { authorization: 'ApiKey sk_live_abc123' },
    ]) {
      const res = await t.client.get('/api/v1/cameras', { headers });
      expectProblem(res, 'AUTHENTICATION_REQUIRED');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="novavms"');
    }
  });

  it('a bearer value of no known shape: 401 INVALID_TOKEN; the scheme name is case-insensitive', async () => {
    const res = await t.client.get('/api/v1/cameras', { headers: bearer('hello') });
    expectProblem(res, 'INVALID_TOKEN');
    expect(res.headers['www-authenticate']).toMatch(
      /^Bearer realm="novavms", error="invalid_token", error_description="[^"]+"$/,
    );
    expect(
      (await t.client.get('/api/v1/cameras', { headers: { authorization: `bEaReR ${t.server.demo.liveKey}` } })).status,
    ).toBe(200);
  });
});

describe('routes', () => {
  it('unknown route: 404 NOT_FOUND', async () => {
    for (const path of ['/api/v1/nothing', '/', '/api/v1/cameras/', '/api/v2/cameras']) {
      const res = await t.client.get(path, { headers: bearer(t.server.demo.liveKey) });
      expectProblem(res, 'NOT_FOUND', path);
    }
  });

  it('wrong method on a known path: 405 METHOD_NOT_ALLOWED with Allow listing the contract methods, and HEAD with GET', async () => {
    const byPath = new Map<string, Set<string>>();
    for (const op of Object.values(operations)) {
      const path = op.path.replace(
        /\{[^}]+\}/g,
        (m) =>
          ({ '{camera_id}': 'cam_lobby01', '{service_account_id}': DEMO.serviceAccountId, '{key_id}': 'key_7Hq2mXv9' })[
            m
          ] ?? 'x',
      );
      if (!byPath.has(path)) byPath.set(path, new Set());
      byPath.get(path)!.add(op.method);
      if (op.method === 'GET') byPath.get(path)!.add('HEAD');
    }
    expect([...byPath.values()].some((methods) => !methods.has('HEAD'))).toBe(true);
    for (const [path, methods] of byPath) {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter(
        (m) => !methods.has(m),
      )) {
        const res = await t.client.request(method, path);
        expect(res.status, `${method} ${path}`).toBe(errors.METHOD_NOT_ALLOWED.status);
        if (method !== 'HEAD') expectProblem(res, 'METHOD_NOT_ALLOWED', `${method} ${path}`);
        expect(new Set(String(res.headers.allow).split(', ')), `${method} ${path}`).toEqual(methods);
      }
    }
  });

  it('a method the router does not know (WebDAV and the like) on a known path is a 405 with Allow too; on an unknown path a 404', async () => {
    for (const method of ['PROPFIND', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'PURGE', 'REPORT']) {
      const known = await t.client.request(method, '/api/v1/cameras/cam_lobby01', {
        headers: bearer(t.server.demo.liveKey),
      });
      expectProblem(known, 'METHOD_NOT_ALLOWED', method);
      expect(known.headers.allow, method).toBe('GET, HEAD');
      const withQuery = await t.client.request(method, '/api/v1/cameras?limit=2');
      expect(withQuery.headers.allow, method).toBe('GET, HEAD');
      expectProblem(await t.client.request(method, '/.well-known/jwks.json'), 'METHOD_NOT_ALLOWED', method);
      expectProblem(await t.client.request(method, '/api/v1/nothing'), 'NOT_FOUND', method);
      expectProblem(await t.client.request(method, '/api/v1/cameras/'), 'NOT_FOUND', method);
    }
  });

  it('HEAD on every GET operation answers what GET answers (status and headers) without a body (RFC 9110 §9.3.2)', async () => {
    const login = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'api' },
    });
    const credentials = [
      {},
      bearer(login.json.access_token),
      bearer(t.server.demo.liveKey),
      bearer(t.server.demo.testKey),
      bearer('sk_live_abc124'),
    ];
    const gets = Object.values(operations).filter((op) => op.method === 'GET');
    expect(gets.length).toBeGreaterThan(3);
    const paths = gets.map((op) =>
      op.path.replace('{camera_id}', 'cam_lobby01').replace('{service_account_id}', DEMO.serviceAccountId),
    );
    for (const path of [
      ...paths,
      '/api/v1/cameras/cam_nowhere0',
      '/api/v1/cameras?limit=0',
      '/openapi.json',
      '/api/v1/nothing',
    ]) {
      for (const headers of credentials) {
        const get = await t.client.get(path, { headers });
        const head = await t.client.request('HEAD', path, { headers });
        const label = `HEAD ${path} ${headers.authorization ?? '(no credential)'}`;
        expect(head.status, label).toBe(get.status);
        expect(head.body.length, label).toBe(0);
        // RateLimit differs by one request: HEAD is counted against the quota like GET.
        const { date: _getDate, ratelimit: _getLeft, ...getHeaders } = get.headers;
        const { date: _headDate, ratelimit: _headLeft, ...headHeaders } = head.headers;
        expect(headHeaders, label).toEqual(getHeaders);
      }
    }
  });

  it('invalid path and query parameters: 400 with the offending parameter', async () => {
    const key = bearer(t.server.demo.liveKey);
    const badId = await t.client.get('/api/v1/cameras/lobby!', { headers: key });
    expectProblem(badId, 'INVALID_REQUEST');
    expect(badId.json.errors[0]).toMatchObject({ location: 'path', pointer: '/camera_id' });
    for (const query of [
      'limit=abc',
      'limit=0',
      'limit=101',
      'limit=2.5',
      'limit=1&limit=2',
      'cursor=',
      'cursor=a%20b',
    ]) {
      const res = await t.client.get(`/api/v1/cameras?${query}`, { headers: key });
      expect(res.status, query).toBe(400);
      expect(res.json.errors[0].location).toBe('query');
    }
  });

  it('a malformed URL: 400', async () => {
    const res = await t.client.get('/api/v1/cameras/%E0%A4%A', { headers: bearer(t.server.demo.liveKey) });
    expectProblem(res, 'INVALID_REQUEST');
  });
});

describe('unparseable requests', () => {
  it('bytes that are not HTTP get a 400 problem, and the connection is closed', async () => {
    const answer = await new Promise<string>((resolvePromise, reject) => {
      const socket = connect(t.server.port, '127.0.0.1', () =>
        socket.end('BLAH /api/v1/cameras HTTP/1.1\r\nHost: x\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('utf8')));
      socket.on('end', () => resolvePromise(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Content-Type: application/problem+json');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body.code).toBe('INVALID_REQUEST');
  });

  it('CONNECT, which Node keeps from the application, gets a 404 problem (this is no proxy), and the connection is closed', async () => {
    const answer = await new Promise<string>((resolvePromise, reject) => {
      const socket = connect(t.server.port, '127.0.0.1', () =>
        socket.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('utf8')));
      socket.on('end', () => resolvePromise(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(answer).toContain('Content-Type: application/problem+json');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('headers larger than Node accepts get a 400 problem', async () => {
    const res = await send(t.server.url, 'GET', '/api/v1/cameras', { 'x-filler': 'y'.repeat(20_000) });
    expectProblem(res, 'INVALID_REQUEST');
  });
});

describe('never a 5xx', () => {
  const paths = Object.values(operations).map((op) => op.path.replace(/\{[^}]+\}/g, 'x'));
  const header = fc.string({
    unit: fc.constantFrom(...'abcXYZ019 _-.~+/=:;,"\\sk_livetrBea'.split('')),
    maxLength: 80,
  });

  it('random methods, paths, headers and bodies get 2xx-4xx problems, never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'),
        fc.oneof(fc.constantFrom(...paths), fc.webPath()),
        fc.option(header, { nil: undefined }),
        fc.option(fc.oneof(fc.json(), fc.string(), fc.constant('{"email":1}')), { nil: undefined }),
        fc.constantFrom('application/json', 'text/plain', undefined),
        async (method, path, authorization, body, contentType) => {
          const headers: Record<string, string> = { 'user-agent': 'fuzz' };
          if (authorization !== undefined) headers.authorization = authorization;
          if (contentType && body !== undefined) headers['content-type'] = contentType;
          let res: Awaited<ReturnType<typeof send>>;
          try {
            res = await send(
              t.server.url,
              method,
              path.startsWith('/') ? path : `/${path}`,
              headers,
              body === undefined || method === 'GET' ? undefined : Buffer.from(body),
            );
          } catch {
            return; // a request Node itself refuses to send
          }
          expect(res.status).toBeLessThan(500);
          expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
          if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
