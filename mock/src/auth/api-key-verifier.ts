/**
 * Checking a service-account key on every request: shape and checksum first (a typo is refused
 * without touching the database), then the stored digest, then revocation and expiry against
 * the clock. Nothing about a key's validity is cached, so revocation and expiry take effect on
 * the next request.
 */
import { roles } from '../../../generated/contract.js';
import type { Clock } from '../clock.js';
import type { ApiKeyStore } from '../store/api-key-store.js';
import type { ApiKeyCredentialRow } from '../store/rows.js';
import { isWellFormedKey } from './api-key-format.js';
import { digest, digestsEqual } from './digest.js';
import type { Principal } from './principal.js';
import { rejectCredential } from './rejections.js';

/** Verifies API keys against the store, with in-memory aliases (the `sk_live_abc123` placeholder). */
export class ApiKeyVerifier {
  private aliases = new Map<string, string>();

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly clock: Clock,
  ) {
    this.reloadAliases();
  }

  /** Reads the alias digests from the database again (after seeding or a reset). */
  reloadAliases(): void {
    this.aliases = this.keys.aliases();
  }

  /** The service-account principal of a valid key; a 401 problem otherwise. */
  verify(key: string): Principal {
    const hash = digest(key);
    let row: ApiKeyCredentialRow | undefined;
    if (isWellFormedKey(key)) {
      row = this.keys.credentialByHash(hash);
      if (row && !digestsEqual(row.key_hash, hash)) row = undefined;
    } else {
      const aliasOf = this.aliases.get(hash.toString('hex'));
      if (aliasOf === undefined) throw rejectCredential('INVALID_TOKEN', 'The API key is malformed or its checksum is wrong.');
      row = this.keys.credentialById(aliasOf);
    }
    if (!row) throw rejectCredential('INVALID_TOKEN', 'The API key is not known.');
    const now = this.clock.nowMs();
    if (row.revoked_at !== null && row.revoked_at <= now) throw rejectCredential('API_KEY_REVOKED', 'The API key has been revoked.');
    if (row.expires_at !== null && row.expires_at <= now) throw rejectCredential('API_KEY_EXPIRED', 'The API key has expired.');
    const role = row.role as keyof typeof roles.ServiceAccountKey;
    return {
      kind: 'service_account',
      id: row.service_account_id,
      orgId: row.org_id,
      environment: row.mode,
      role: row.role,
      scopes: roles.ServiceAccountKey[role] ?? [],
      keyId: row.id,
    };
  }
}
