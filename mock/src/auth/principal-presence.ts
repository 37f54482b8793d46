/**
 * Whether the user of a verified access token still exists in its organisation. The signing key
 * outlives the data (a reset, or a restart with --no-seed on a wiped file), so a token can
 * verify for a user who is gone; it is then refused as a 401 `INVALID_TOKEN` instead of
 * reaching a handler that would write rows for a missing user. Users found are remembered
 * until the database changes (its change counters, as for API keys), which keeps the hot path
 * free of queries while nothing is written.
 */
import type { ApiKeyStore } from '../store/api-key-store.js';
import type { UserStore } from '../store/user-store.js';
import type { Principal } from './principal.js';
import { rejectCredential } from './rejections.js';

/** Users remembered at most; beyond that the set starts again. */
const REMEMBERED_LIMIT = 10_000;

/** Checks that a token's user is still there. */
export class PrincipalPresence {
  private readonly present = new Set<string>();
  private stamp: readonly [number, number] | undefined;

  constructor(
    private readonly users: UserStore,
    private readonly changes: Pick<ApiKeyStore, 'changeStamp'>,
  ) {}

  /** Throws 401 INVALID_TOKEN when the principal's user or organisation no longer exists. */
  assertUserExists(principal: Principal): void {
    const stamp = this.changes.changeStamp();
    if (this.stamp === undefined || stamp[0] !== this.stamp[0] || stamp[1] !== this.stamp[1]) {
      this.present.clear();
      this.stamp = stamp;
    }
    const key = `${principal.orgId}\u0000${principal.id}`;
    if (this.present.has(key)) return;
    if (!this.users.existsInOrg(principal.id, principal.orgId))
      throw rejectCredential('INVALID_TOKEN', 'The access token is not valid: its user no longer exists.');
    if (this.present.size >= REMEMBERED_LIMIT) this.present.clear();
    this.present.add(key);
  }
}
