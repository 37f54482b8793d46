import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPrism, startPrism } from '../../tools/prism.js';
import {
  firstError,
  type Json,
  type OperationEntry,
  operations,
  pointerOf,
  resolve,
  validatorAt,
} from '../support/openapi.js';

let prism: RunningPrism;

beforeAll(async () => {
  prism = await startPrism({ port: 0 });
}, 60_000);

afterAll(async () => {
  await prism?.stop();
});

/** A bearer value of the right shape for each bearer scheme, taken from the spec's examples. */
function credentialFor(scheme: string): string {
  const login = resolve({ $ref: '#/components/examples/LoginWithPasswordResponseExample' }).value;
  const key = resolve({ $ref: '#/components/examples/CreateServiceAccountKeyResponseExample' }).value;
  switch (scheme) {
    case 'ServiceAccountKey':
      return key.secret;
    case 'UserAccessToken':
      return login.access_token;
    case 'RefreshToken':
      return login.refresh_token;
    default:
      throw new Error(`no bearer credential for ${scheme}`);
  }
}

function exampleRequest(
  { path, operation, parameters }: OperationEntry,
  withCredential: boolean,
): { url: string; init: RequestInit } {
  let url = path;
  for (const p of parameters.filter((p: Json) => p.in === 'path'))
    url = url.replace(`{${p.name}}`, encodeURIComponent(p.example));
  const headers: Record<string, string> = {};
  const scheme = Object.keys(operation.security[0] ?? {})[0];
  if (withCredential && scheme) headers.authorization = `Bearer ${credentialFor(scheme)}`;
  let body: string | undefined;
  const requestBody = operation.requestBody && resolve(operation.requestBody);
  const media = requestBody?.content?.['application/json'];
  if (media) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(resolve(Object.values<Json>(media.examples)[0]).value);
  }
  return { url: `${prism.url}${url}`, init: { method: operation.method ?? undefined, headers, body } };
}

const all = operations();

describe('Prism on port 0', () => {
  it('listens on the port its banner names, which the URL carries', async () => {
    expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(prism.url).not.toMatch(/:0$/);
    expect((await fetch(`${prism.url}/.well-known/jwks.json`)).status).toBe(200);
  });

  it('is refused with its output inherited, where the banner cannot be read', async () => {
    await expect(startPrism({ port: 0, stdio: 'inherit' })).rejects.toThrow(/port 0 is read from Prism's output/);
  });
});

describe('Prism serves the named examples', () => {
  it.each(all.map((o) => [o.operationId, o] as const))(
    '%s answers its example request with a documented, valid 2xx',
    async (_id, entry) => {
      const { url, init } = exampleRequest(entry, true);
      const res = await fetch(url, { ...init, method: entry.method.toUpperCase() });
      const success = Object.keys(entry.operation.responses)
        .filter((s) => s.startsWith('2'))
        .sort()[0]!;
      expect(String(res.status), await res.clone().text()).toBe(success);
      const responseRef = entry.operation.responses[success];
      const response = resolve(responseRef);
      for (const [name, header] of Object.entries<Json>(response.headers ?? {})) {
        if (resolve(header).required) expect(res.headers.get(name), `header ${name}`).not.toBeNull();
      }
      const media = response.content?.['application/json'];
      if (!media) return;
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const at = responseRef.$ref
        ? responseRef.$ref.slice(2).split('/')
        : ['paths', entry.path, entry.method, 'responses', success];
      const validate = validatorAt(pointerOf(...at, 'content', 'application/json', 'schema'));
      expect(validate(await res.json()), firstError(validate)).toBe(true);
    },
  );

  it.each(all.filter((o) => o.operation.security.length > 0).map((o) => [o.operationId, o] as const))(
    '%s without a credential answers 401 with the documented problem body',
    async (_id, entry) => {
      const { url, init } = exampleRequest(entry, false);
      const res = await fetch(url, { ...init, method: entry.method.toUpperCase() });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="novavms"/);
      const validate = validatorAt('/components/schemas/Problem');
      const body = await res.json();
      expect(validate(body), firstError(validate)).toBe(true);
      expect(body.status).toBe(401);
      // RFC 6750 §3.1: a request without a credential gets a challenge with no error code, and the problem says so.
      expect(body.code).toBe('AUTHENTICATION_REQUIRED');
      expect(res.headers.get('www-authenticate')).not.toMatch(/error=/);
    },
  );
});
