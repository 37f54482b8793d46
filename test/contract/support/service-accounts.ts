/**
 * Service accounts and keys created through the API, as an admin would (never the demo
 * keys: a real deployment has other ones), and revoked again when the file is done, so that
 * a run against a deployment leaves no working key behind.
 */
import { afterAll } from 'vitest';
import type { components } from '../../../generated/schema.js';
import type { CachedLogin } from './cached-login.js';
import type { ContractClient, ContractResponse } from './contract-client.js';
import { pathOf } from './operation-path.js';

type Schemas = components['schemas'];
/** A service account as the API returns it. */
export type ServiceAccount = Schemas['ServiceAccount'];
/** A key's public record as the API returns it. */
export type ApiKey = Schemas['ApiKey'];
/** A freshly minted key: its record and its one-time secret. */
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
/** A rotation's answer. */
export type ApiKeyRotated = Schemas['ApiKeyRotated'];

function expectStatus(res: ContractResponse, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.code ?? ''}`.trim());
}

/** Creates and cleans up service accounts and keys with an admin access token. */
export class KeyFixtures {
  private readonly minted: { serviceAccountId: string; keyId: string }[] = [];

  constructor(
    private readonly client: ContractClient,
    private readonly admin: CachedLogin,
  ) {
    afterAll(() => this.revokeAll());
  }

  /** A new service account with `role`, named so that people can tell it came from this suite. */
  async serviceAccount(role: Schemas['ServiceAccountRole']): Promise<ServiceAccount> {
    const res = await this.client.send({
      method: 'POST',
      path: pathOf('createServiceAccount'),
      bearer: await this.admin.token(),
      json: {
        name: `contract suite ${role} ${Date.now().toString(36)}`,
        description: 'Created by the NovaVMS contract suite; its keys are revoked after the run.',
        role,
      },
    });
    expectStatus(res, 201, 'createServiceAccount');
    return res.json<ServiceAccount>();
  }

  /** Mints a key (the raw response, for tests about the minting itself). */
  async mintResponse(
    serviceAccountId: string,
    body: Record<string, unknown>,
    bearer?: string,
  ): Promise<ContractResponse> {
    const res = await this.client.send({
      method: 'POST',
      path: pathOf('createServiceAccountKey', { service_account_id: serviceAccountId }),
      bearer: bearer ?? (await this.admin.token()),
      json: body,
    });
    if (res.status === 201) this.minted.push({ serviceAccountId, keyId: res.json<ApiKeyCreated>().key.id });
    return res;
  }

  /** Mints a key of `mode` and returns its record and secret. */
  async mint(
    serviceAccountId: string,
    mode: Schemas['KeyMode'],
    extra: { expires_at?: string; name?: string } = {},
  ): Promise<ApiKeyCreated> {
    const res = await this.mintResponse(serviceAccountId, { mode, ...extra });
    expectStatus(res, 201, 'createServiceAccountKey');
    return res.json<ApiKeyCreated>();
  }

  /** A service account of `role` with one key of `mode`. */
  async keyFor(
    role: Schemas['ServiceAccountRole'],
    mode: Schemas['KeyMode'],
  ): Promise<ApiKeyCreated & { serviceAccount: ServiceAccount }> {
    const serviceAccount = await this.serviceAccount(role);
    return { ...(await this.mint(serviceAccount.id, mode)), serviceAccount };
  }

  /** Rotates a key (the raw response). */
  async rotateResponse(
    serviceAccountId: string,
    keyId: string,
    body?: Record<string, unknown>,
  ): Promise<ContractResponse> {
    const res = await this.client.send({
      method: 'POST',
      path: pathOf('rotateServiceAccountKey', { service_account_id: serviceAccountId, key_id: keyId }),
      bearer: await this.admin.token(),
      ...(body === undefined ? {} : { json: body }),
    });
    if (res.status === 201) this.minted.push({ serviceAccountId, keyId: res.json<ApiKeyRotated>().key.id });
    return res;
  }

  /** Revokes a key (the raw response). */
  async revoke(serviceAccountId: string, keyId: string): Promise<ContractResponse> {
    return this.client.send({
      method: 'DELETE',
      path: pathOf('revokeServiceAccountKey', { service_account_id: serviceAccountId, key_id: keyId }),
      bearer: await this.admin.token(),
    });
  }

  /** Lists a service account's keys. */
  async list(serviceAccountId: string): Promise<ContractResponse> {
    return this.client.send({
      path: pathOf('listServiceAccountKeys', { service_account_id: serviceAccountId }, { limit: 100 }),
      bearer: await this.admin.token(),
    });
  }

  /** Adds a key minted by other means (a test's own request) to those revoked at the end. */
  track(serviceAccountId: string, keyId: string): void {
    this.minted.push({ serviceAccountId, keyId });
  }

  /** Revokes every key this fixture minted (204 also for one already revoked). */
  async revokeAll(): Promise<void> {
    const failures: string[] = [];
    this.admin.forget(); // the clock may have moved past the cached token's exp
    for (const { serviceAccountId, keyId } of this.minted.splice(0)) {
      try {
        const res = await this.revoke(serviceAccountId, keyId);
        if (res.status !== 204 && res.status !== 404) failures.push(`${keyId}: ${res.status}`);
      } catch (error) {
        failures.push(`${keyId}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (failures.length) console.warn(`could not revoke keys created by the contract suite: ${failures.join('; ')}`);
  }
}
