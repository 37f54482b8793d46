/**
 * `@novavms/sdk/msw` in Node with `setupServer`: every operation's handler answers its example
 * request with a documented success, every scenario serves its documented response, and a
 * secured operation without a credential gets the 401 problem; each answer is held to its
 * operation by the contract suite's response checker. The SDK works against the handlers: a
 * key client, a session that refreshes after TOKEN_EXPIRED, and typed custom bodies.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultServerUrl, documentedResponses, type OperationId } from '../../generated/contract.js';
import { type components, createClient, toNovaVmsError } from '../../src/index.js';
import { handlers, scenarios } from '../../src/msw/index.js';
import type { Call } from '../contract/support/contract-client.js';
import { exampleCall } from '../contract/support/example-requests.js';
import { bundleForBrowser } from '../support/browser-bundle.js';
import { type OperationEntry, operations, resolve } from '../support/openapi.js';
import { matchOperation } from '../support/operation-index.js';
import { type CheckedResponse, checkResponse } from '../support/response-check.js';

const server = setupServer(...handlers);
const seen: string[] = [];
server.events.on(
  'request:start',
  ({ request }) => void seen.push(`${request.method} ${new URL(request.url).pathname}`),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

/** Sends a Call of the contract suite through fetch, to the default server. */
async function send(call: Call): Promise<{ res: Response; checked: CheckedResponse; violations: string[] }> {
  const headers: Record<string, string> = { ...(call.headers as Record<string, string> | undefined) };
  if (call.bearer) headers.authorization = `Bearer ${call.bearer}`;
  if (call.json !== undefined) headers['content-type'] = 'application/json';
  const method = call.method ?? 'GET';
  const res = await fetch(`${defaultServerUrl}${call.path}`, {
    method,
    headers,
    body: call.json === undefined ? undefined : JSON.stringify(call.json),
  });
  const raw: CheckedResponse['headers'] = Object.fromEntries(res.headers);
  const checked: CheckedResponse = {
    status: res.status,
    headers: { ...raw, 'set-cookie': res.headers.getSetCookie().length ? res.headers.getSetCookie() : undefined },
    body: Buffer.from(await res.clone().arrayBuffer()),
  };
  return { res, checked, violations: checkResponse(matchOperation(method, call.path), checked, 'full') };
}

const entries = operations().map((entry) => [entry.operationId, entry] as const);
const secured = entries.filter(([, entry]) =>
  (entry.operation.security ?? []).some((r: object) => Object.keys(r).length),
);

/** The named example `name` of the documented response, read from the spec by the tests' own reader. */
function specExample(entry: OperationEntry, status: number, name: string | null): unknown {
  if (name === null) return undefined;
  const response = resolve(entry.operation.responses[String(status)]);
  const media = Object.values<{ examples?: Record<string, unknown> }>(response.content ?? {}).find(
    (m) => m.examples?.[name],
  );
  return resolve(media!.examples![name]).value;
}

describe('handlers', () => {
  it.each(entries)(
    '%s with its example request and a credential: a documented success that validates',
    async (_id, entry) => {
      const { res, violations } = await send(exampleCall(entry, true));
      expect(violations).toEqual([]);
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
    },
  );

  it.each(secured)('%s without a credential: the 401 problem, as Prism answers it', async (_id, entry) => {
    const { res, violations } = await send(exampleCall(entry, false));
    expect(violations).toEqual([]);
    expect(res.status).toBe(401);
    const { code } = (await res.json()) as { code: string };
    expect(code).toBe('AUTHENTICATION_REQUIRED');
  });

  it('login answers a web client with the cookie and no refresh token in the body, an api client the other way round', async () => {
    const entry = operations().find((o) => o.operationId === 'loginWithPassword')!;
    const call = exampleCall(entry, false);
    const { email, password } = call.json as { email: string; password: string };
    const web = await send({ ...call, json: { email, password } });
    expect(web.violations).toEqual([]);
    expect(await web.res.json()).not.toHaveProperty('refresh_token');
    expect(web.res.headers.getSetCookie()).toHaveLength(1);
    const api = await send({ ...call, json: { ...(call.json as object), client_type: 'api' } });
    expect(await api.res.json()).toHaveProperty('refresh_token');
    expect(api.res.headers.getSetCookie()).toEqual([]);
  });
});

describe('scenarios', () => {
  const all = entries.flatMap(([id, entry]) =>
    Object.entries(documentedResponses[id as OperationId]).map(
      ([name, response]) => [`${id}.${name}`, id as OperationId, name, response, entry] as const,
    ),
  );

  it('offer every documented response of every operation', () => {
    for (const [id, entry] of entries)
      expect(new Set(Object.values(documentedResponses[id as OperationId]).map((r) => String(r.status)))).toEqual(
        new Set(Object.keys(entry.operation.responses)),
      );
  });

  it.each(all)('%s serves its documented response, which validates', async (_label, id, name, response, entry) => {
    const scenario = (scenarios[id] as Record<string, () => Parameters<typeof server.use>[0]>)[name]!;
    server.use(scenario());
    const { res, violations } = await send(exampleCall(entry, true));
    expect(violations).toEqual([]);
    expect(res.status).toBe(response.status);
    const text = await res.text();
    expect(text === '' ? undefined : JSON.parse(text)).toEqual(specExample(entry, response.status, response.example));
  });

  it('serve a typed custom body and headers, once when asked', async () => {
    const camera = specExample(
      operations().find((o) => o.operationId === 'getCamera')!,
      200,
      documentedResponses.getCamera.camera.example,
    ) as components['schemas']['Camera'];
    server.use(
      scenarios.getCamera.camera({
        body: { ...camera, name: 'Loading dock' },
        headers: { 'X-Scenario': 'dock' },
        once: true,
      }),
    );
    const novavms = createClient({ apiKey: 'sk_live_abc123' });
    const first = await novavms.GET('/api/v1/cameras/{camera_id}', { params: { path: { camera_id: 'cam_dock01' } } });
    expect(first.data?.name).toBe('Loading dock');
    expect(first.response.headers.get('X-Scenario')).toBe('dock');
    const second = await novavms.GET('/api/v1/cameras/{camera_id}', { params: { path: { camera_id: 'cam_dock01' } } });
    expect(second.data?.name).toBe(camera.name);
  });
});

describe('the SDK against the handlers', () => {
  it('a key client lists the example cameras and reads a scenario problem as a typed error', async () => {
    const entry = operations().find((o) => o.operationId === 'listCameras')!;
    const novavms = createClient({ apiKey: 'sk_live_abc123' });
    const { data } = await novavms.GET('/api/v1/cameras');
    expect(data).toEqual(specExample(entry, 200, documentedResponses.listCameras.cameras.example));
    server.use(scenarios.listCameras.quotaExceeded());
    const error = toNovaVmsError(await novavms.GET('/api/v1/cameras'));
    expect([error?.status, error?.code]).toEqual([429, 'RATE_LIMITED']);
  });

  it('a session logs in, refreshes after TOKEN_EXPIRED and sends the call again, then logs out', async () => {
    const app = createClient({ session: { userAgent: 'msw-test/1.0' } });
    await app.auth.login({ email: 'ops@example.com', password: 'CorrectHorseBattery!' });
    server.use(scenarios.listCameras.tokenExpired({ once: true }));
    const { data, response } = await app.GET('/api/v1/cameras');
    expect(response.status).toBe(200);
    expect(data?.data.length).toBeGreaterThan(0);
    await app.auth.logout();
    expect(seen).toEqual([
      'POST /api/auth/login',
      'GET /api/v1/cameras',
      'POST /api/auth/refresh',
      'GET /api/v1/cameras',
      'POST /api/auth/logout',
    ]);
  });
});

describe('the module', () => {
  it('bundles for a browser with msw and openapi-msw as its only imports: no server code, no Node built-in', async () => {
    const result = await bundleForBrowser('src/msw/index.ts', ['msw', 'openapi-msw']);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.startsWith('mock/') || file.includes('node:'))).toEqual([]);
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(new Set(imports)).toEqual(new Set(['msw', 'openapi-msw']));
  });
});
