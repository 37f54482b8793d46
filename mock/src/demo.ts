/**
 * The demo data's public facts: the users of the source page, their password and the demo
 * keys. The keys are deterministic and obviously fake, so the start-up banner can print them
 * every time although the database keeps only their digests. `sk_live_abc123`, the page's
 * placeholder, is registered as an alias of the live demo key so that the page's examples
 * work verbatim against the local server.
 */
import { keyWithRandomPart } from './auth/api-key-format.js';

/** The demo organisation. */
export const DEMO_ORG = { id: 'org_demo0example', name: 'Demo organisation' } as const;

/** The password of every demo user. */
export const DEMO_PASSWORD = 'CorrectHorseBattery!';

/**
 * argon2id hashes (OWASP parameters, each with its own salt) of the demo password, one per demo
 * user, computed once so that seeding costs no start-up time. The password is public anyway.
 */
export const DEMO_PASSWORD_HASHES = [
  '$argon2id$v=19$m=19456,t=2,p=1$CaHaaldPUQtwm1F2eARh1Q$LE9yPvD74NXwPXFKzO+Rajvnd9ASP6OF15zq2z4tT0k',
  '$argon2id$v=19$m=19456,t=2,p=1$IYvNe6IvXA2C8G2Mz/P+5g$xBbnqTRf5yS2zMSPLpWp+xZjQe5KoXKoB99xu4I9e24',
  '$argon2id$v=19$m=19456,t=2,p=1$LgG2PW/DWP9gfvCyJgFEJQ$XLf3DK+5h4zL/JQtt+wrCqby9uMqI9PRsKV5+YaVmXo',
  '$argon2id$v=19$m=19456,t=2,p=1$BHk8ugjUOd3aTjSujnQ4tg$25le/sHC55GXDC2B95hZSOtPHRkRm6JqnmcCe78T9BA',
] as const;

/** The demo users: the page's owner, an admin, a viewer and a disabled account. */
export const DEMO_USERS = [
  { id: 'usr_ops0example', email: 'ops@example.com', name: 'Ops Example', role: 'owner', disabled: false },
  { id: 'usr_admin0example', email: 'admin@example.com', name: 'Admin Example', role: 'admin', disabled: false },
  { id: 'usr_viewer0example', email: 'viewer@example.com', name: 'Viewer Example', role: 'viewer', disabled: false },
  { id: 'usr_former0example', email: 'former@example.com', name: 'Former Employee', role: 'viewer', disabled: true },
] as const;

/** The demo service account and its two keys. */
export const DEMO_SERVICE_ACCOUNT = {
  id: 'sa_siem01',
  name: 'SIEM collector',
  description: 'Ships the audit trail to the SOC.',
  role: 'auditor',
} as const;

/** The live demo key. */
export const DEMO_LIVE_KEY = keyWithRandomPart('live', 'DEMO0LIVE0KEY0FOR0LOCAL0MOCK0000');
/** The sandbox demo key. */
export const DEMO_TEST_KEY = keyWithRandomPart('test', 'DEMO0TEST0KEY0FOR0LOCAL0MOCK0000');
/** The source page's placeholder key, an alias of the live demo key on the local server only. */
export const DEMO_KEY_ALIAS = 'sk_live_abc123';

/** Key ids of the demo keys. */
export const DEMO_KEY_IDS = { live: 'key_demoLive01', test: 'key_7Hq2mXv9' } as const;

/** The demo cameras, per environment. */
export const DEMO_CAMERAS = [
  { id: 'cam_lobby01', name: 'Lobby entrance', site: 'Head office', status: 'online', environment: 'live' },
  { id: 'cam_dock02', name: 'Loading dock', site: 'Warehouse', status: 'offline', environment: 'live' },
  { id: 'cam_garage03', name: 'Garage ramp', site: 'Head office', status: 'online', environment: 'live' },
  { id: 'cam_sandbox01', name: 'Test bench A', site: 'Lab', status: 'online', environment: 'test' },
  { id: 'cam_sandbox02', name: 'Test bench B', site: 'Lab', status: 'offline', environment: 'test' },
] as const;

/** What callers of `startServer` (and the banner) learn about the demo data. */
export interface DemoInfo {
  ownerEmail: string;
  adminEmail: string;
  viewerEmail: string;
  disabledEmail: string;
  password: string;
  liveKey: string;
  testKey: string;
  /** `sk_live_abc123`: works like `liveKey` on the local server. */
  liveKeyAlias: string;
  serviceAccountId: string;
  keyIds: { live: string; test: string };
}

/** The demo facts in one object. */
export const DEMO: DemoInfo = {
  ownerEmail: DEMO_USERS[0].email,
  adminEmail: DEMO_USERS[1].email,
  viewerEmail: DEMO_USERS[2].email,
  disabledEmail: DEMO_USERS[3].email,
  password: DEMO_PASSWORD,
  liveKey: DEMO_LIVE_KEY,
  testKey: DEMO_TEST_KEY,
  liveKeyAlias: DEMO_KEY_ALIAS,
  serviceAccountId: DEMO_SERVICE_ACCOUNT.id,
  keyIds: { ...DEMO_KEY_IDS },
};
