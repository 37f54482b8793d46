import { describe, expectTypeOf, it } from 'vitest';
import type { components, paths } from '../../src/index.js';
import {
  createClient,
  type ErrorCode,
  type NovaVmsClient,
  type NovaVmsError,
  type NovaVmsErrorCode,
  type NovaVmsSessionClient,
  paginate,
  type SessionEndReason,
  toNovaVmsError,
  unwrap,
} from '../../src/index.js';

declare const app: NovaVmsSessionClient;
declare const service: NovaVmsClient;

describe('createClient types', () => {
  it('compiles the source page snippet and returns a client without auth', () => {
    const novavms = createClient({ apiKey: 'sk_live_abc123' });
    expectTypeOf(novavms).toEqualTypeOf<NovaVmsClient>();
    // @ts-expect-error an API-key client has no session operations
    void novavms.auth;
  });

  it('returns a session client with auth for `session`', () => {
    const client = createClient({ baseUrl: 'http://localhost:4010', session: { userAgent: 'Acme/1.0' } });
    expectTypeOf(client).toEqualTypeOf<NovaVmsSessionClient>();
    expectTypeOf(client.auth.login)
      .parameter(0)
      .toEqualTypeOf<{ email: string; password: string; rememberMe?: boolean }>();
  });

  it('refuses apiKey and session together', () => {
    // @ts-expect-error pick one per integration
    createClient({ apiKey: 'sk_live_abc123', session: {} });
  });

  it('refuses a wrong session option', () => {
    // @ts-expect-error clientType is api or web
    createClient({ session: { clientType: 'mobile' } });
  });
});

describe('typed calls', () => {
  it('types paths, parameters, bodies and data from the spec', async () => {
    const { data } = await app.GET('/api/v1/cameras', { params: { query: { limit: 10 } } });
    expectTypeOf(data).toEqualTypeOf<components['schemas']['CameraList'] | undefined>();

    // @ts-expect-error not a path of the contract
    await app.GET('/api/v1/camera');
    // @ts-expect-error the path exists, but not with POST
    await app.POST('/api/v1/cameras');
    // @ts-expect-error camera_id is required
    await app.GET('/api/v1/cameras/{camera_id}', { params: { path: {} } });

    await app.POST('/api/v1/service-accounts', { body: { name: 'SIEM', role: 'auditor' } });
    // @ts-expect-error a service account's role is viewer or auditor
    await app.POST('/api/v1/service-accounts', { body: { name: 'SIEM', role: 'owner' } });
    // @ts-expect-error name is required
    await app.POST('/api/v1/service-accounts', { body: { role: 'viewer' } });
    // @ts-expect-error the body is required
    await app.POST('/api/v1/service-accounts', {});

    await service.POST('/api/auth/login', {
      body: { email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api', remember_me: false },
    });
    await service.POST('/api/auth/login', {
      // @ts-expect-error client_type is api or web
      body: { email: 'ops@example.com', password: 'x', client_type: 'mobile', remember_me: false },
    });
    expectTypeOf<paths['/api/v1/me']['get']>().not.toBeNever();
  });

  it('unwraps a call to its data type', async () => {
    const cameras = unwrap(await app.GET('/api/v1/cameras'));
    expectTypeOf(cameras).toEqualTypeOf<components['schemas']['CameraList']>();
    const principal = unwrap(await service.GET('/api/v1/me'));
    expectTypeOf(principal.kind).toEqualTypeOf<'user' | 'service_account'>();
    const revoked = unwrap(
      await app.DELETE('/api/v1/service-accounts/{service_account_id}/keys/{key_id}', {
        params: { path: { service_account_id: 'sa_siem01', key_id: 'key_7Hq2mXv9' } },
      }),
    );
    expectTypeOf(revoked).toEqualTypeOf<undefined>();
  });

  it('types errors as the spec problem with the ErrorCode union', async () => {
    const { error } = await app.GET('/api/v1/me');
    if (error) expectTypeOf(error.code).toEqualTypeOf<ErrorCode>();
    // @ts-expect-error not a code of the spec
    const wrong: ErrorCode = 'TOKEN_EXPIRD';
    void wrong;
  });
});

/** Every code needs a branch; a code added to the spec makes this fail to compile. */
function advice(error: NovaVmsError): string {
  switch (error.code) {
    case 'INVALID_REQUEST':
    case 'PAYLOAD_TOO_LARGE':
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'METHOD_NOT_ALLOWED':
    case 'NOT_FOUND':
      return 'fix the request';
    case 'AUTHENTICATION_REQUIRED':
    case 'INVALID_CREDENTIALS':
    case 'INVALID_TOKEN':
    case 'SESSION_EXPIRED':
    case 'SESSION_REVOKED':
    case 'SESSION_MISMATCH':
    case 'REFRESH_TOKEN_REUSED':
      return 'log in again';
    case 'TOKEN_EXPIRED':
      return 'refresh';
    case 'API_KEY_REVOKED':
    case 'API_KEY_EXPIRED':
    case 'INSUFFICIENT_SCOPE':
    case 'CSRF_REJECTED':
      return 'use another credential';
    case 'RATE_LIMITED':
    case 'INTERNAL_ERROR':
    case 'SERVICE_UNAVAILABLE':
    case 'REQUEST_TIMEOUT':
      return 'wait';
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
    case 'ABORTED':
      return 'try again later';
    default: {
      const unreachable: never = error.code;
      return unreachable;
    }
  }
}

/** A switch that forgets codes does not compile. */
function incomplete(error: NovaVmsError): string {
  switch (error.code) {
    case 'TOKEN_EXPIRED':
      return 'refresh';
    default: {
      // @ts-expect-error not every code is handled
      const unreachable: never = error.code;
      return unreachable;
    }
  }
}

describe('NovaVmsError', () => {
  it('has the spec ErrorCode union as code and a typed onSessionEnd reason', async () => {
    const result = await app.GET('/api/v1/cameras');
    if (result.error) {
      const error = toNovaVmsError(result);
      expectTypeOf(error.code).toEqualTypeOf<NovaVmsErrorCode>();
      expectTypeOf(error.retryAfterSeconds).toEqualTypeOf<number | undefined>();
      expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
      expectTypeOf(advice(error)).toBeString();
      expectTypeOf(incomplete(error)).toBeString();
    }
    expectTypeOf<SessionEndReason>().toExtend<ErrorCode>();
    // @ts-expect-error onSessionEnd gets a code, not an Error
    createClient({ session: { onSessionEnd: (reason: Error) => void reason } });
  });
});

describe('paginate types', () => {
  it('yields the items of the list, typed from the spec, for the cursor lists only', async () => {
    for await (const camera of paginate(app, '/api/v1/cameras', { params: { query: { limit: 50 } } })) {
      expectTypeOf(camera).toEqualTypeOf<components['schemas']['Camera']>();
    }
    for await (const key of paginate(app, '/api/v1/service-accounts/{service_account_id}/keys', {
      params: { path: { service_account_id: 'sa_siem01' } },
    })) {
      expectTypeOf(key).toEqualTypeOf<components['schemas']['ApiKey']>();
    }
    // @ts-expect-error the keys of a service account need its id
    paginate(app, '/api/v1/service-accounts/{service_account_id}/keys');
    // @ts-expect-error /api/v1/me is no list
    paginate(app, '/api/v1/me');
    // @ts-expect-error the page size is a number
    paginate(app, '/api/v1/cameras', { params: { query: { limit: '50' } } });
  });
});
