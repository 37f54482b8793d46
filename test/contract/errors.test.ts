/**
 * DESIGN "Errors" beyond the fuzzed cases: what a problem carries (type, title and status of
 * its code, the request path as `instance`, a new `request_id` each time); bodies that are
 * not JSON, not UTF-8, not an object, of another media type, chunked past the limit; and
 * HEAD, which answers what GET answers without the body.
 */
import { beforeAll, describe, expect } from 'vitest';
import { errors, limits } from '../../generated/contract.js';
import { operations } from '../support/openapi.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';

const { target, client, admin, adminLogin, keys } = await contractFile();
const LOGIN = pathOf('loginWithPassword');
const login = { email: admin.email, password: admin.password, client_type: 'api' };

beforeAll(() => resetIfPossible(target));

/** A login request with a raw body. */
const postLogin = (body: string | Buffer | undefined, contentType?: string, headers: Record<string, string> = {}) =>
  client.send({ method: 'POST', path: LOGIN, body, contentType, headers });

describe('problems', () => {
  contractTest(
    target,
    'a problem carries the type, title and status of its code, the request path as instance, and a request_id new for every request',
    cite.design(
      'Every error is application/problem+json (RFC 9457) with a code from one enum in the spec … and a request_id',
    ),
    STATEFUL,
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      const path = pathOf('getCamera', { camera_id: 'cam_nowhere0' });
      const res = await client.send({ path, bearer: secret });
      expectProblem(res, 'NOT_FOUND');
      expect(res.header('content-type')).toMatch(/^application\/problem\+json/);
      const { type, title, status } = errors.NOT_FOUND;
      expect(res.json()).toMatchObject({ type, title, status, code: 'NOT_FOUND', instance: path });
      const again = await client.send({ path, bearer: secret });
      expect(again.json().request_id).not.toBe(res.json().request_id);
    },
  );
});

describe('bodies', () => {
  contractTest(
    target,
    'a body that is malformed JSON, not UTF-8 (RFC 8259 §8.1) or JSON but no object is refused with 400 INVALID_REQUEST pointing at the body',
    cite.design('Bad input never produces a 5xx: malformed JSON 400'),
    STATEFUL,
    async () => {
      // The password ends in a lone 0xFF byte: never valid UTF-8, whatever precedes it.
      const notUtf8 = Buffer.concat([
        Buffer.from(`{"email": "${admin.email}", "password": "${admin.password}`),
        Buffer.from([0xff]),
        Buffer.from('", "client_type": "api"}'),
      ]);
      for (const body of ['{"email": "ops@example.com",', notUtf8, '[]', '"text"', 'null', '42']) {
        const label = Buffer.isBuffer(body) ? 'not UTF-8' : body;
        const res = await postLogin(body, 'application/json');
        expectProblem(res, 'INVALID_REQUEST', label);
        expect(res.json().errors[0], label).toMatchObject({ location: 'body' });
      }
    },
  );

  contractTest(
    target,
    'a string with an escaped lone surrogate, which no UTF-8 can hold, is refused with 400 INVALID_REQUEST pointing at the body; an escaped pair is read',
    cite.design('Bad input never produces a 5xx: malformed JSON 400'),
    STATEFUL,
    async () => {
      // Stored, "\ud800" would come back as U+FFFD: the server would keep another string than it confirmed.
      for (const lone of ['\\ud800', '\\udfff', 'x\\udbffy']) {
        const res = await postLogin(
          `{"email": "${admin.email}", "password": "${lone}", "client_type": "api"}`,
          'application/json',
        );
        expectProblem(res, 'INVALID_REQUEST', lone);
        expect(res.json().errors[0], lone).toMatchObject({ location: 'body' });
      }
      const pair = await postLogin(
        `{"email": "${admin.email}", "password": "\\ud83d\\udcf7", "client_type": "api"}`,
        'application/json',
      );
      expectProblem(pair, 'INVALID_CREDENTIALS', 'an escaped pair');
    },
  );

  contractTest(
    target,
    'a body of another media type (form, XML, multipart, text) or of none is refused with 415; application/json with a charset parameter is read',
    cite.design('Bad input never produces a 5xx: … wrong content type 415'),
    STATEFUL,
    async () => {
      const body = JSON.stringify(login);
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data; boundary=x',
      ])
        expectProblem(await postLogin(body, type), 'UNSUPPORTED_MEDIA_TYPE', type);
      expectProblem(await postLogin(Buffer.from(body)), 'UNSUPPORTED_MEDIA_TYPE', 'no Content-Type');
      expectSuccess(await postLogin(body, 'application/json; charset=utf-8'), 'with charset=utf-8');
    },
  );

  contractTest(
    target,
    `a body over ${limits.maxBodyBytes} bytes is refused with 413 whether its length is declared or it comes chunked; under the limit it is read and validated`,
    cite.spec('x-novavms-limits max_body_bytes; PAYLOAD_TOO_LARGE'),
    STATEFUL,
    async () => {
      const big = JSON.stringify({ ...login, password: 'x'.repeat(limits.maxBodyBytes) });
      expectProblem(await postLogin(big, 'application/json'), 'PAYLOAD_TOO_LARGE', 'declared length');
      expectProblem(
        await postLogin(big, 'application/json', { 'transfer-encoding': 'chunked' }),
        'PAYLOAD_TOO_LARGE',
        'chunked',
      );
      // A password over its maxLength is a 400, not a 413.
      const long = JSON.stringify({ ...login, password: 'x'.repeat(300) });
      expectProblem(await postLogin(long, 'application/json'), 'INVALID_REQUEST');
    },
  );
});

describe('HEAD', () => {
  contractTest(
    target,
    'HEAD on every GET operation, with every kind of credential and none, answers the status and headers GET answers, without a body',
    cite.rfc('RFC 9110 §9.3.2: "The HEAD method is identical to GET except that the server MUST NOT send content"'),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('auditor');
      const live = await keys.mint(account.id, 'live');
      const test = await keys.mint(account.id, 'test');
      const cameras = (
        await client.send({ path: pathOf('listCameras', {}, { limit: 1 }), bearer: live.secret })
      ).json();
      const params = { camera_id: cameras.data[0].id, service_account_id: account.id };
      const paths = operations()
        .filter((o) => o.method === 'get')
        .map((o) => pathOf(o.operationId as Parameters<typeof pathOf>[0], params));
      expect(paths.length).toBeGreaterThan(3);
      const credentials = [undefined, await adminLogin.token(), live.secret, test.secret, 'sk_live_abc124'];
      for (const path of [
        ...paths,
        pathOf('getCamera', { camera_id: 'cam_nowhere0' }),
        pathOf('listCameras', {}, { limit: 0 }),
        '/api/v1/nothing',
      ]) {
        for (const bearer of credentials) {
          const label = `HEAD ${path} ${bearer ? `${bearer.slice(0, 8)}…` : '(no credential)'}`;
          const get = await client.send({ path, bearer });
          const head = await client.send({ method: 'HEAD', path, bearer });
          expect(head.status, label).toBe(get.status);
          expect(head.raw.body.length, label).toBe(0);
          // RateLimit differs by one request: HEAD is counted against the quota like GET.
          const { date: _getDate, ratelimit: _getLeft, ...getHeaders } = get.raw.headers;
          const { date: _headDate, ratelimit: _headLeft, ...headHeaders } = head.raw.headers;
          expect(headHeaders, label).toEqual(getHeaders);
        }
      }
    },
  );
});
