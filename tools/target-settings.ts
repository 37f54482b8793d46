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
  /**
   * An origin the target allows to call it across origins (`x-novavms-cors`), or undefined:
   * NOVAVMS_ALLOWED_ORIGIN for a deployment; the reference server is started allowing
   * REFERENCE_ALLOWED_ORIGIN.
   */
  allowedOrigin: string | undefined;
}

/** The origin the suite starts the reference server with (`--allow-origin`), unless NOVAVMS_ALLOWED_ORIGIN names another. */
const REFERENCE_ALLOWED_ORIGIN = 'https://app.contract-suite.test';

/**
 * The demo data the reference server seeds: the page's own user and placeholder key, an
 * admin, a viewer and a disabled account. A real deployment passes its own admin and viewer;
 * tests that need the rest declare the `demoData` need.
 */
export const DEMO_DATA = {
  /** The page's user, an owner: "ops@example.com" / "CorrectHorseBattery!". */
  owner: { email: 'ops@example.com', password: 'CorrectHorseBattery!' },
  admin: { email: 'admin@example.com', password: 'CorrectHorseBattery!' },
  viewer: { email: 'viewer@example.com', password: 'CorrectHorseBattery!' },
  /** A user whose account is disabled. */
  disabled: { email: 'former@example.com', password: 'CorrectHorseBattery!' },
  /** The page's placeholder key, which the reference server accepts as its live demo key. */
  placeholderKey: 'sk_live_abc123',
} as const satisfies Record<string, Credentials | string>;

const DEMO_ADMIN: Credentials = DEMO_DATA.owner;
const DEMO_VIEWER: Credentials = DEMO_DATA.viewer;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** NOVAVMS_ALLOWED_ORIGIN, checked to be an origin; the suite's own for the reference server; none for Prism. */
function allowedOriginOf(env: NodeJS.ProcessEnv, kind: TargetKind): string | undefined {
  const raw = env.NOVAVMS_ALLOWED_ORIGIN;
  if (raw === undefined || raw === '') return kind === 'reference' ? REFERENCE_ALLOWED_ORIGIN : undefined;
  let origin: string | undefined;
  try {
    origin = new URL(raw).origin;
  } catch {
    origin = undefined;
  }
  if (origin === undefined || origin === 'null' || origin !== raw.replace(/\/$/, ''))
    throw new Error(`NOVAVMS_ALLOWED_ORIGIN must be an origin (scheme://host[:port]), got ${JSON.stringify(raw)}`);
  return origin;
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
    concurrentRefreshes: Math.max(2, positiveInteger(env, 'NOVAVMS_CONCURRENT_REFRESHES', 20)),
    allowedOrigin: allowedOriginOf(env, kind),
  };
}
