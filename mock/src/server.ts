/**
 * Starting the reference server: open (and seed) the database, load the signing key, build
 * the application and listen. `close()` stops listening, ends background work and closes the
 * database, so that everything acknowledged is on disk.
 */
import { loginRateLimit } from '../../generated/contract.js';
import { AuditLog } from './audit-log.js';
import { AccessTokens } from './auth/access-tokens.js';
import { ApiKeyVerifier } from './auth/api-key-verifier.js';
import { PasswordHasher } from './auth/passwords.js';
import { PrincipalPresence } from './auth/principal-presence.js';
import { FailureLimiter } from './auth/rate-limit.js';
import { SessionService } from './auth/session-service.js';
import { Clock } from './clock.js';
import type { ServerContext } from './context.js';
import { parseAllowedOrigin } from './cors.js';
import { DEMO, type DemoInfo } from './demo.js';
import { DocsSite } from './docs-site.js';
import { buildApp } from './http-app.js';
import { type LogTarget, logSinkOf } from './log-sink.js';
import { isLoopbackName } from './mock-control.js';
import { QuotaCounter } from './quotas.js';
import { DEFAULT_TIMEOUTS, type RequestTimeouts } from './request-timeouts.js';
import { seedDemoData } from './seed.js';
import { Store } from './store/index.js';

/** How long `close()` lets running requests finish before it cuts their connections. */
const CLOSE_GRACE_MS = 5_000;

/** Options of `startServer`. */
export interface StartOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** SQLite file, or `:memory:` (the default). */
  db?: string;
  /** Seed the demo data into an empty database. Default true. */
  seed?: boolean;
  /**
   * Serve `/__mock/*`. Default: on when the server listens on loopback only, off otherwise
   * (another machine could then drive the clock and wipe the data); `true` turns them on
   * anywhere, `false` off.
   */
  mockControl?: boolean;
  /** Enforce the request quota of every /api/v1 operation (`x-novavms-quota`). Default true; off for load tests. */
  quotas?: boolean;
  /** How long a client may take to send its headers and its whole request (slow clients get 408). */
  timeouts?: Partial<RequestTimeouts>;
  /** Request log: off (default), stdout (`true`) or a stream. Never holds secrets. */
  log?: boolean | LogTarget;
  /**
   * Origins whose pages may call the API across origins (`x-novavms-cors`): each exactly,
   * `scheme://host[:port]`, no wildcard. Default none: no CORS header is ever sent.
   */
  allowOrigins?: readonly string[];
  /**
   * The HTML file served at `/docs/`, with the releases' references beside it (default: the
   * copy packaged next to the bundle). The server never builds it: `/docs/` answers 503 and
   * says how while the file is missing.
   */
  docsPage?: string;
}

/** The clock of a running server, to move time in tests and tools. */
export interface ServerClock {
  now(): Date;
  set(instant: Date): void;
  advance(seconds: number): void;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
  clock: ServerClock;
  demo: DemoInfo;
  /** Whether `/__mock/*` is served. */
  mockControl: boolean;
  /** Whether the request quotas are enforced. */
  quotas: boolean;
  /** The origins whose pages may call the API (none: no CORS headers). */
  allowOrigins: readonly string[];
}

/** Whether a listen address is loopback only (`localhost`, 127.0.0.0/8, ::1). */
export function listensOnLoopbackOnly(host: string): boolean {
  return isLoopbackName(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === 'localhost') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the reference server; resolves once it listens. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const allowOrigins = [...new Set((options.allowOrigins ?? []).map(parseAllowedOrigin))];
  const clock = new Clock();
  const store = new Store(options.db ?? ':memory:');
  try {
    const passwords = new PasswordHasher();
    const seed = options.seed !== false;
    const log = logSinkOf(options.log);

    const accessTokens = await AccessTokens.open(store.meta, clock);
    if (seed && store.isEmpty()) seedDemoData(store, clock.nowMs());
    const apiKeys = new ApiKeyVerifier(store.apiKeys, clock);
    const quotas = new QuotaCounter(clock, options.quotas !== false);
    const audit = new AuditLog(store.audit, clock);
    const ctx: ServerContext = {
      store,
      clock,
      passwords,
      accessTokens,
      apiKeys,
      presence: new PrincipalPresence(store.users, store.apiKeys),
      audit,
      sessions: new SessionService(store, clock, audit),
      loginLimits: {
        perAccount: new FailureLimiter(loginRateLimit.perAccount.failures, loginRateLimit.perAccount.windowSeconds),
        perAddress: new FailureLimiter(loginRateLimit.perAddress.failures, loginRateLimit.perAddress.windowSeconds),
      },
    };

    const reset = async () => {
      clock.reset();
      store.clear();
      if (seed) seedDemoData(store, clock.nowMs());
      apiKeys.reloadAliases();
      accessTokens.clearCache();
      ctx.loginLimits.perAccount.clearAll();
      ctx.loginLimits.perAddress.clearAll();
      quotas.clear();
    };

    const docs = new DocsSite(options.docsPage);
    const host = options.host ?? '127.0.0.1';
    const loopbackOnly = listensOnLoopbackOnly(host);
    const mockControl = options.mockControl ?? loopbackOnly;
    let closingStarted = false;
    const app = buildApp({
      ctx,
      log,
      docs,
      mockControl: mockControl ? { anyHost: !loopbackOnly } : false,
      reset,
      quotas,
      timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
      isClosing: () => closingStarted,
      allowOrigins,
    });
    await app.listen({ port: options.port ?? 0, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);

    let closing: Promise<void> | undefined;
    return {
      url: `http://${urlHost(host)}:${port}`,
      port,
      demo: DEMO,
      mockControl,
      quotas: quotas.enabled,
      allowOrigins,
      clock: {
        now: () => clock.now(),
        set: (instant) => clock.set(instant),
        advance: (seconds) => clock.advance(seconds),
      },
      close: () => {
        closing ??= (async () => {
          closingStarted = true;
          // Requests still running get their answers; a connection that has not finished
          // one after CLOSE_GRACE_MS is cut, so that a stalled client cannot hold the exit.
          const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
          cut.unref();
          try {
            await app.close();
          } finally {
            clearTimeout(cut);
            try {
              store.close();
            } finally {
              await passwords.close();
            }
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}
