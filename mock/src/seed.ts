/**
 * Seeding an empty database with the demo organisation: live and sandbox cameras, the demo
 * users (precomputed argon2id hashes), the SIEM service account with a live and a sandbox key (digests
 * only) and the alias of the page's placeholder key.
 */
import { digest } from './auth/digest.js';
import {
  DEMO_CAMERAS,
  DEMO_KEY_ALIAS,
  DEMO_KEY_IDS,
  DEMO_LIVE_KEY,
  DEMO_ORG,
  DEMO_PASSWORD_HASHES,
  DEMO_SERVICE_ACCOUNT,
  DEMO_TEST_KEY,
  DEMO_USERS,
} from './demo.js';
import type { Store } from './store/index.js';
import { emailKey } from './store/user-store.js';

/** Writes the demo data, in one transaction, into an empty database. */
export function seedDemoData(store: Store, nowMs: number): void {
  const day = 24 * 3600 * 1000;
  store.transaction(() => {
    store.orgs.insert(DEMO_ORG.id, DEMO_ORG.name);
    DEMO_USERS.forEach((user, i) => {
      store.users.insert({
        id: user.id,
        org_id: DEMO_ORG.id,
        email: user.email,
        email_key: emailKey(user.email),
        name: user.name,
        role: user.role,
        password_hash: DEMO_PASSWORD_HASHES[i]!,
        disabled: user.disabled ? 1 : 0,
        created_at: nowMs - 90 * day,
      });
    });
    DEMO_CAMERAS.forEach((camera, i) => {
      store.cameras.insert({ ...camera, org_id: DEMO_ORG.id, created_at: nowMs - (60 - i) * day });
    });
    store.serviceAccounts.insert({ ...DEMO_SERVICE_ACCOUNT, org_id: DEMO_ORG.id, created_at: nowMs - 30 * day });
    for (const [mode, secret] of [
      ['live', DEMO_LIVE_KEY],
      ['test', DEMO_TEST_KEY],
    ] as const) {
      store.apiKeys.insert({
        id: DEMO_KEY_IDS[mode],
        service_account_id: DEMO_SERVICE_ACCOUNT.id,
        name: mode === 'live' ? 'demo production collector' : 'staging collector',
        mode,
        key_hash: digest(secret),
        last4: secret.slice(-4),
        created_at: nowMs - 30 * day,
        expires_at: null,
        revoked_at: null,
        replaced_by: null,
      });
    }
    store.apiKeys.insertAlias(digest(DEMO_KEY_ALIAS), DEMO_KEY_IDS.live);
  });
}
