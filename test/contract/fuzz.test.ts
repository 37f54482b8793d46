/**
 * Negative and fuzzed input, derived from the spec with fast-check: per operation, bodies
 * with missing, mistyped, unknown or oversized fields, bodies that are not JSON, not declared
 * as JSON or too large, garbage Authorization headers, and out-of-range query and path
 * parameters. Every answer must be the documented 4xx the contract requires — never a 5xx
 * (the validating client fails on any undocumented status). And random requests of any
 * method, path, header and body, which must never get a 5xx. NOVAVMS_FUZZ_RUNS sets the runs.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect } from 'vitest';
import { operations as contractOperations, limits } from '../../generated/contract.js';
import { type OperationEntry, operations } from '../support/openapi.js';
import type { Call } from './support/contract-client.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { exampleBody, exampleCall } from './support/example-requests.js';
import { expectOneOfProblems, expectProblem, expectSuccess } from './support/expectations.js';
import { type RawResponse, sendRaw } from './support/http-transport.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import { badBodies, badPathValue, badQuery, garbageAuthorization } from './support/request-arbitraries.js';

const { target, client, settings, adminLogin, keys } = await contractFile();
const runs = { numRuns: settings.fuzzRuns };
const all = operations();
const withBody = all.filter((o) => o.operation.requestBody);
const secured = all.filter((o) => (o.operation.security ?? []).length > 0);
const publicOps = all.filter((o) => (o.operation.security ?? []).length === 0);

/** Path parameters of real objects, so that a request fails on its input and not with 404. */
let realParams: Record<string, string> = {};

beforeAll(async () => {
  await resetIfPossible(target);
  if (!target.capabilities.stateful) return;
  const { serviceAccount, key } = await keys.keyFor('viewer', 'test');
  realParams = { service_account_id: serviceAccount.id, key_id: key.id };
});

/** The operation's path with real objects (created above) for its parameters. */
function realPath(entry: OperationEntry, query: Record<string, string> = {}): string {
  return pathOf(entry.operationId as Parameters<typeof pathOf>[0], realParams, query);
}

async function bearerFor(entry: OperationEntry): Promise<string | undefined> {
  return (entry.operation.security ?? []).length ? adminLogin.token() : undefined;
}

describe.each(withBody.map((o) => [o.operationId, o] as const))('%s: bad bodies', (_id, entry) => {
  contractTest(
    target,
    `${entry.operationId}: missing required fields, wrong types, unknown fields, oversized strings, invalid JSON, other content types and oversized bodies get the documented 400, 415 or 413`,
    cite.design(
      'Bad input never produces a 5xx: malformed JSON 400, wrong content type 415, oversized body 413; unknown fields are rejected (400)',
    ),
    STATEFUL,
    async () => {
      const valid = exampleBody(entry) as Record<string, unknown>;
      await fc.assert(
        fc.asyncProperty(badBodies(entry, valid), async (bad) => {
          const res = await client.send({
            method: entry.method.toUpperCase(),
            path: realPath(entry),
            bearer: await bearerFor(entry),
            body: bad.body,
            contentType: bad.contentType,
          });
          expectProblem(res, bad.expected, bad.kind);
        }),
        runs,
      );
    },
  );

  contractTest(
    target,
    `${entry.operationId}: a body that is text/plain or has no Content-Type gets 415, one over ${limits.maxBodyBytes} bytes 413, an empty JSON body 400`,
    cite.spec(
      'UNSUPPORTED_MEDIA_TYPE: "The request has a body whose Content-Type is not application/json."; x-novavms-limits max_body_bytes',
    ),
    STATEFUL,
    async () => {
      const base: Call = { method: entry.method.toUpperCase(), path: realPath(entry), bearer: await bearerFor(entry) };
      const body = JSON.stringify(exampleBody(entry));
      const untyped = await client.send({ ...base, body });
      expectProblem(untyped, 'UNSUPPORTED_MEDIA_TYPE');
      const text = await client.send({ ...base, body, contentType: 'text/plain' });
      expectProblem(text, 'UNSUPPORTED_MEDIA_TYPE');
      const large = await client.send({
        ...base,
        json: { ...(exampleBody(entry) as object), padding: 'x'.repeat(limits.maxBodyBytes) },
      });
      expectProblem(large, 'PAYLOAD_TOO_LARGE');
      if (entry.operation.requestBody.required) {
        const empty = await client.send({ ...base, body: '', contentType: 'application/json' });
        expectProblem(empty, 'INVALID_REQUEST');
      }
    },
  );
});

/**
 * The example call of an operation, with the suite's own credentials in a body that has an
 * email and a password (the login), so that the target's real accounts log in and no failed
 * login counts against them.
 */
function publicCall(entry: OperationEntry): Call {
  const call = exampleCall(entry, false);
  if (typeof call.json === 'object' && call.json !== null && 'email' in call.json && 'password' in call.json) {
    call.json = { ...call.json, email: settings.admin.email, password: settings.admin.password };
  }
  return call;
}

describe.each([...secured, ...publicOps].map((o) => [o.operationId, o] as const))(
  '%s: garbage Authorization',
  (_id, entry) => {
    const isPublic = (entry.operation.security ?? []).length === 0;
    contractTest(
      target,
      `${entry.operationId}: ${isPublic ? 'a public operation ignores any Authorization header' : 'garbage Authorization headers get 400 invalid_request or 401, never anything else'}`,
      isPublic
        ? cite.spec(`${entry.operationId} security: [] (anyone may read it)`)
        : cite.rfc('RFC 6750 §2.1 (b64token syntax), §3.1 (invalid_request, invalid_token)'),
      STATEFUL,
      async () => {
        await fc.assert(
          fc.asyncProperty(garbageAuthorization(), async (garbage) => {
            const res = await client.send({ ...publicCall(entry), authorization: garbage.value });
            if (isPublic) {
              expectSuccess(res);
              return;
            }
            expectOneOfProblems(res, garbage.expected, `Authorization ${JSON.stringify(garbage.value.slice(0, 40))}`);
          }),
          runs,
        );
      },
    );
  },
);

describe.each(all.filter((o) => badQuery(o)).map((o) => [o.operationId, o] as const))(
  '%s: bad query parameters',
  (_id, entry) => {
    contractTest(
      target,
      `${entry.operationId}: limit outside 1..100 or not an integer, and a cursor off its pattern, get 400 INVALID_REQUEST`,
      cite.spec('parameters Limit (integer 1..100) and Cursor (pattern, maxLength)'),
      STATEFUL,
      async () => {
        await fc.assert(
          fc.asyncProperty(badQuery(entry)!, async (query) => {
            const res = await client.send({ path: realPath(entry, query), bearer: await bearerFor(entry) });
            expectProblem(res, 'INVALID_REQUEST');
          }),
          runs,
        );
      },
    );
  },
);

describe('getCamera: bad path parameters', () => {
  const entry = all.find((o) => o.operationId === 'getCamera')!;
  const param = entry.parameters.find((p) => p.in === 'path')!;
  contractTest(
    target,
    `getCamera: a ${param.name} off its pattern or too long gets 400 INVALID_REQUEST`,
    cite.spec(`parameter ${param.name}: pattern ${param.schema?.$ref ?? ''}`),
    STATEFUL,
    async () => {
      await fc.assert(
        fc.asyncProperty(badPathValue(param.schema), async (value) => {
          const res = await client.send({
            path: pathOf('getCamera', { [param.name]: value }),
            bearer: await adminLogin.token(),
          });
          expectProblem(res, 'INVALID_REQUEST', `camera_id ${JSON.stringify(value)}`);
        }),
        runs,
      );
    },
  );
});

describe('anything at all', () => {
  const paths = Object.values(contractOperations).map((op) => op.path.replace(/\{[^}]+\}/g, 'x'));
  const header = fc.string({
    unit: fc.constantFrom(...'abcXYZ019 _-.~+/=:;,"\\sk_livetrBea'.split('')),
    maxLength: 80,
  });

  contractTest(
    target,
    'random methods, paths, Authorization values, bodies and content types get answers below 500, errors as problems, never a stack trace',
    cite.design('Bad input never produces a 5xx'),
    STATEFUL,
    async () => {
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
            let res: RawResponse;
            try {
              res = await sendRaw(target.baseUrl, {
                method,
                path: path.startsWith('/') ? path : `/${path}`,
                headers,
                body: body === undefined || method === 'GET' ? undefined : body,
              });
            } catch {
              return; // a request Node itself refuses to send
            }
            const text = res.body.toString('utf8');
            expect(res.status, `${method} ${path}`).toBeLessThan(500);
            expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
            if (res.status >= 400) expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
          },
        ),
        { numRuns: settings.fuzzRuns * 15 },
      );
    },
  );
});
