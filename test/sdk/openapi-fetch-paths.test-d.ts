import createFetchClient from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { components, paths } from '../../src/index.js';

/**
 * The generated `paths` as a team uses them with plain openapi-fetch, without the SDK: the
 * request types must accept what the contract accepts.
 */
describe('generated paths through plain openapi-fetch', () => {
  const client = createFetchClient<paths>({ baseUrl: 'https://novavms.novalien.com' });

  it("types the source page's login body, which omits remember_me (default false)", async () => {
    // The page: body: JSON.stringify({ email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api' })
    const { data } = await client.POST('/api/auth/login', {
      body: { email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api' },
    });
    expectTypeOf(data).toEqualTypeOf<components['schemas']['TokenResponse'] | undefined>();
    // The curl example sends remember_me too.
    await client.POST('/api/auth/login', {
      body: { email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api', remember_me: false },
    });
    // @ts-expect-error the password is still required
    await client.POST('/api/auth/login', { body: { email: 'ops@example.com' } });
  });

  it('keeps every request field with a default optional: the key rotation needs no overlap_seconds', async () => {
    await client.POST('/api/v1/service-accounts/{service_account_id}/keys/{key_id}/rotate', {
      params: { path: { service_account_id: 'sa_siem01', key_id: 'key_7Hq2mXv9' } },
      body: {},
    });
    expectTypeOf<components['schemas']['LoginRequest']['remember_me']>().toEqualTypeOf<boolean | undefined>();
  });
});
