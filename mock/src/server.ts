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
import { FailureLimiter } from './auth/rate-limit.js';
import { SessionService } from './auth/session-service.js';
import { Clock } from './clock.js';
import type { ServerContext } from './context.js';
import { DEMO, type DemoInfo } from './demo.js';
import { DocsSite } from './docs-site.js';
import { buildApp } from './http-app.js';
import { type LogTarget, logSinkOf } from './log-sink.js';
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
  /** Serve `/__mock/*`. Default true. */
  mockControl?: boolean;
  /** Request log: off (default), stdout (`true`) or a stream. Never holds secrets. */
  log?: boolean | LogTarget;
  /** Build the docs in the background when the page is missing (the CLI does). Default false. */
  buildDocs?: boolean;
  /**
   * An HTML file to serve at `/docs` instead of the packaged or repository page; it is never
   * built (`/docs` answers 503 while it is missing).
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
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === 'localhost') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the reference server; resolves once it listens. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const clock = new Clock();
  const store = new Store(options.db ?? ':memory:');
  try {
    const passwords = new PasswordHasher();
    const seed = options.seed !== false;
    const log = logSinkOf(options.log);

    const accessTokens = await AccessTokens.open(store.meta, clock);
    if (seed && store.isEmpty()) seedDemoData(store, clock.nowMs());
    const apiKeys = new ApiKeyVerifier(store.apiKeys, clock);
    const audit = new AuditLog(store.audit, clock);
    const ctx: ServerContext = {
      store,
      clock,
      passwords,
      accessTokens,
      apiKeys,
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
    };

    const docs =
      options.docsPage === undefined
        ? new DocsSite(log)
        : new DocsSite(log, { root: null, packaged: options.docsPage });
    const app = buildApp({ ctx, log, docs, mockControl: options.mockControl !== false, reset });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 0, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    if (options.buildDocs) docs.buildIfMissing();

    let closing: Promise<void> | undefined;
    return {
      url: `http://${urlHost(host)}:${port}`,
      port,
      demo: DEMO,
      clock: {
        now: () => clock.now(),
        set: (instant) => clock.set(instant),
        advance: (seconds) => clock.advance(seconds),
      },
      close: () => {
        closing ??= (async () => {
          docs.close();
          // Requests still running get their answers; a connection that has not finished
          // one after CLOSE_GRACE_MS is cut, so that a stalled client cannot hold the exit.
          const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
          cut.unref();
          try {
            await app.close();
          } finally {
            clearTimeout(cut);
            store.close();
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
