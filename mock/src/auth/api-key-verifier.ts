/**
 * Checking a service-account key on every request: shape and checksum first (a typo is refused
 * without touching the database), then the stored digest, then revocation (final: a revoked
 * key never works again, even if the mock clock is moved back) and expiry against the clock.
 * Keys found in the database are remembered with their rows, but only until the database
 * changes: every request first reads the database's change counters (this connection's writes
 * and other connections' commits), and any change — a revocation, a new expiry, a reset, a
 * write by another process sharing the file — drops every remembered key. Revocation and
 * expiry are checked on every request, so both take effect on the next request, exactly as
 * when the row is read each time.
 */
import { roles } from '../../../generated/contract.js';
import type { Clock } from '../clock.js';
import type { ApiKeyStore } from '../store/api-key-store.js';
import type { ApiKeyCredentialRow } from '../store/rows.js';
import { isWellFormedKey } from './api-key-format.js';
import { digestHex } from './digest.js';
import type { Principal } from './principal.js';
import { rejectCredential } from './rejections.js';

/** Keys remembered at most; beyond that the oldest is forgotten. */
const REMEMBERED_LIMIT = 10_000;

interface KnownKey {
  row: ApiKeyCredentialRow;
  principal: Principal;
}

function principalOf(row: ApiKeyCredentialRow): Principal {
  const role = row.role as keyof typeof roles.ServiceAccountKey;
  return Object.freeze({
    kind: 'service_account',
    id: row.service_account_id,
    orgId: row.org_id,
    environment: row.mode,
    role: row.role,
    scopes: roles.ServiceAccountKey[role] ?? [],
    keyId: row.id,
  });
}

/** Verifies API keys against the store, with in-memory aliases (the `sk_live_abc123` placeholder). */
export class ApiKeyVerifier {
  private aliases = new Map<string, string>();
  private readonly known = new Map<string, KnownKey>();
  private stamp: readonly [number, number] | undefined;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly clock: Clock,
  ) {
    this.reloadAliases();
  }

  /** Reads the alias digests from the database again (after seeding or a reset). */
  reloadAliases(): void {
    this.aliases = this.keys.aliases();
    this.known.clear();
  }

  /**
   * The service-account principal of a valid key; a 401 problem otherwise. Keys are found by
   * the SHA-256 digest of the presented value only (in memory, in the database), never by
   * comparing secrets: a match is an exact digest, so there is nothing left to compare, and
   * the time a lookup takes depends on the digest, which tells nothing about any stored key.
   */
  verify(key: string): Principal {
    const hex = digestHex(key);
    const remembered = this.known.get(hex);
    if (remembered !== undefined && !this.changedSinceLastLook()) return this.valid(remembered);

    const wellFormed = isWellFormedKey(key);
    const aliasOf = wellFormed ? undefined : this.aliases.get(hex);
    if (!wellFormed && aliasOf === undefined)
      throw rejectCredential('INVALID_TOKEN', 'The API key is malformed or its checksum is wrong.');
    this.changedSinceLastLook();
    const row =
      aliasOf === undefined ? this.keys.credentialByHash(Buffer.from(hex, 'hex')) : this.keys.credentialById(aliasOf);
    if (!row) throw rejectCredential('INVALID_TOKEN', 'The API key is not known.');
    const known = { row, principal: principalOf(row) };
    this.remember(hex, known);
    return this.valid(known);
  }

  /**
   * The key's principal, unless it is revoked (for good, whatever the clock says later) or
   * expired at this moment of the clock.
   */
  private valid({ row, principal }: KnownKey): Principal {
    if (row.revoked_at !== null) throw rejectCredential('API_KEY_REVOKED', 'The API key has been revoked.');
    if (row.expires_at !== null && row.expires_at <= this.clock.nowMs())
      throw rejectCredential('API_KEY_EXPIRED', 'The API key has expired.');
    return principal;
  }

  /**
   * Whether the database has changed since the last look; when it has, every remembered key
   * is dropped, so that the next lookup reads the current rows.
   */
  private changedSinceLastLook(): boolean {
    const stamp = this.keys.changeStamp();
    if (this.stamp !== undefined && stamp[0] === this.stamp[0] && stamp[1] === this.stamp[1]) return false;
    this.known.clear();
    this.stamp = stamp;
    return true;
  }

  /** Remembers a key found in the database, forgetting the oldest beyond the limit. */
  private remember(hex: string, known: KnownKey): void {
    if (this.known.size >= REMEMBERED_LIMIT) {
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
    this.known.set(hex, known);
  }
}
