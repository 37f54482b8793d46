/**
 * The mock controls can move the clock and wipe the data, so only a local tool may drive them:
 * every POST needs a JSON body (a plain HTML form cannot send one without a CORS preflight),
 * a foreign `Origin` or `Sec-Fetch-Site: cross-site` is refused, and so is a `Host` that is
 * not loopback (a DNS-rebinding page reaches 127.0.0.1 under its own name). A server that
 * listens beyond loopback has no controls unless they are asked for explicitly.
 */
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../test/contract/support/expectations.js';
import { clientOf, startTestServer, useTestServer } from './support/server.js';

const t = useTestServer();

/** One request to a control with exactly these headers (no User-Agent or other default). */
function control(method: string, path: string, headers: Record<string, string>, body?: string, baseUrl = t.server.url) {
  return clientOf(baseUrl).send({ method, path, headers, body, userAgent: null });
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('POST /__mock/* needs a JSON body', () => {
  it('POST /__mock/reset without a body is a 400 problem', async () => {
    expectProblem(await control('POST', '/__mock/reset', { 'content-length': '0' }), 'INVALID_REQUEST');
  });

  it('POST /__mock/reset from a plain form (text/plain, form-urlencoded) is a 415 problem', async () => {
    expectProblem(
      await control('POST', '/__mock/reset', { 'content-type': 'text/plain' }, '{}'),
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(
      await control('POST', '/__mock/reset', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'),
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('POST /__mock/reset with a JSON body that is not an object, or has unknown fields, is a 400 problem', async () => {
    expectProblem(await control('POST', '/__mock/reset', JSON_TYPE, '[]'), 'INVALID_REQUEST');
    expectProblem(await control('POST', '/__mock/reset', JSON_TYPE, '{"everything":true}'), 'INVALID_REQUEST');
  });

  it('POST /__mock/reset with {} resets', async () => {
    const res = await control('POST', '/__mock/reset', JSON_TYPE, '{}');
    expect(res.status, res.text).toBe(200);
    expect(typeof res.json().now).toBe('string');
  });
});

describe('only a local caller may drive the controls', () => {
  it('a foreign Origin is refused with a 403 problem, on POST and GET', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
      expectProblem(
        await control('POST', '/__mock/clock', { ...JSON_TYPE, origin }, '{"advance":"PT1H"}'),
        'CSRF_REJECTED',
        origin,
      );
      expectProblem(await control('GET', '/__mock/clock', { origin }), 'CSRF_REJECTED', origin);
    }
  });

  it('Sec-Fetch-Site: cross-site is refused with a 403 problem', async () => {
    expectProblem(
      await control('POST', '/__mock/reset', { ...JSON_TYPE, 'sec-fetch-site': 'cross-site' }, '{}'),
      'CSRF_REJECTED',
    );
  });

  it('a Host that is not loopback (DNS rebinding) is refused with a 403 problem', async () => {
    const port = new URL(t.server.url).port;
    for (const host of [`evil.example:${port}`, `192.0.2.1:${port}`, `localhost.evil.example:${port}`]) {
      expectProblem(await control('GET', '/__mock/clock', { host }), 'CSRF_REJECTED', host);
      expectProblem(await control('POST', '/__mock/reset', { ...JSON_TYPE, host }, '{}'), 'CSRF_REJECTED', host);
    }
  });

  it('a frontend on another loopback port, curl and same-origin pages are served', async () => {
    const port = new URL(t.server.url).port;
    const ok: Record<string, string>[] = [
      { origin: 'http://localhost:5173', 'sec-fetch-site': 'same-site' },
      { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' },
      { origin: 'http://[::1]:3000' },
      { host: `localhost:${port}` },
      { host: `[::1]:${port}` },
      {},
    ];
    for (const headers of ok) {
      const res = await control('POST', '/__mock/clock', { ...JSON_TYPE, ...headers }, '{"advance":"PT1S"}');
      expect(res.status, `${JSON.stringify(headers)}: ${res.text}`).toBe(200);
    }
  });
});

describe('a server that listens beyond loopback', () => {
  it('has no controls by default (404), and has them when asked for explicitly', async () => {
    const open = await startTestServer({ host: '0.0.0.0' });
    try {
      const url = `http://127.0.0.1:${open.server.port}`;
      expectProblem(await control('GET', '/__mock/clock', {}, undefined, url), 'NOT_FOUND');
      expectProblem(await control('POST', '/__mock/reset', JSON_TYPE, '{}', url), 'NOT_FOUND');
    } finally {
      await open.close();
    }
    const asked = await startTestServer({ host: '0.0.0.0', mockControl: true });
    try {
      const res = await control('GET', '/__mock/clock', {}, undefined, `http://127.0.0.1:${asked.server.port}`);
      expect(res.status, res.text).toBe(200);
    } finally {
      await asked.close();
    }
  });
});
