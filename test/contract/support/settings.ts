/**
 * What the contract suite is pointed at and how hard it pushes, read once from the
 * environment. Every knob of the suite lives here, so that the README can list them.
 */

/** A user's login, from the environment (never logged). */
export interface Credentials {
  email: string;
  password: string;
}

/** Which kind of server the suite talks to. */
export type TargetKind = 'reference' | 'url' | 'prism';

/** The settings of one run of the contract suite. */
export interface Settings {
  /** `reference`: start the reference server; `url`: NOVAVMS_BASE_URL; `prism`: the Prism example mock. */
  kind: TargetKind;
  baseUrl: string | undefined;
  /** An owner or admin (creates service accounts and keys). */
  admin: Credentials;
  /** A user without admin rights. */
  viewer: Credentials;
  /** fast-check runs per fuzzed property. */
  fuzzRuns: number;
  /** How many refreshes with one token race each other. */
  concurrentRefreshes: number;
}

// The demo users the reference server seeds; a real deployment passes its own.
const DEMO_ADMIN: Credentials = { email: 'ops@example.com', password: 'CorrectHorseBattery!' };
const DEMO_VIEWER: Credentials = { email: 'viewer@example.com', password: 'CorrectHorseBattery!' };

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** Reads the settings from NOVAVMS_* environment variables (see the README, "Contract tests"). */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const baseUrl = env.NOVAVMS_BASE_URL?.replace(/\/+$/, '') || undefined;
  const requested = env.NOVAVMS_TARGET;
  if (requested !== undefined && requested !== '' && !['reference', 'url', 'prism'].includes(requested)) {
    throw new Error(`NOVAVMS_TARGET must be reference, url or prism, got ${JSON.stringify(requested)}`);
  }
  const kind: TargetKind = requested === 'prism' ? 'prism' : baseUrl ? 'url' : 'reference';
  if (kind === 'url' && !baseUrl) throw new Error('NOVAVMS_TARGET=url needs NOVAVMS_BASE_URL');
  if (baseUrl && !/^https?:\/\/[^/]+/.test(baseUrl))
    throw new Error(`NOVAVMS_BASE_URL must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  return {
    kind,
    baseUrl: kind === 'url' ? baseUrl : undefined,
    admin: { email: env.NOVAVMS_EMAIL || DEMO_ADMIN.email, password: env.NOVAVMS_PASSWORD || DEMO_ADMIN.password },
    viewer: {
      email: env.NOVAVMS_VIEWER_EMAIL || DEMO_VIEWER.email,
      password: env.NOVAVMS_VIEWER_PASSWORD || DEMO_VIEWER.password,
    },
    fuzzRuns: positiveInteger(env, 'NOVAVMS_FUZZ_RUNS', 20),
    concurrentRefreshes: Math.max(2, positiveInteger(env, 'NOVAVMS_CONCURRENT_REFRESHES', 8)),
  };
}
