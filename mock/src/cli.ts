/**
 * The `novavms-mock` command: parses flags, starts the server, prints where it listens with the
 * demo credentials and keys, and shuts down cleanly on SIGINT/SIGTERM. Bad flags exit 2.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { info } from '../../generated/contract.js';
import { AllowedOriginError, originsFromEnv, parseAllowedOrigin } from './cors.js';
import { listensOnLoopbackOnly, type RunningServer, startServer } from './server.js';

const DEFAULT_PORT = 4010;
const DEFAULT_DB = path.join('.novavms', 'novavms.db');

const HELP = `novavms-mock — the stateful reference server of the NovaVMS authentication API

Usage: novavms-mock [options]

Options:
  --port N            Port to listen on (default ${DEFAULT_PORT}, or the PORT environment variable; 0 = any free port)
  --host H            Interface to listen on (default localhost)
  --db PATH           SQLite database file (default ${DEFAULT_DB}, created with its folder; ':memory:' keeps nothing)
  --no-seed           Do not create the demo organisation, users and keys in an empty database
  --mock-control      Serve /__mock/* even when --host is not loopback (off there by default: anyone who
                      reaches the server could then move its clock and wipe its data)
  --no-mock-control   Turn off /__mock/* (they answer 404)
  --no-quotas         Do not enforce the request quotas of /api/v1 (x-novavms-quota), e.g. for load tests
  --allow-origin URL  Let pages of this origin call the API (CORS with credentials, x-novavms-cors); repeatable,
                      exact scheme://host[:port], no wildcard (default none, or NOVAVMS_ALLOW_ORIGINS, comma-separated)
  --docs FILE         The HTML page to serve at /docs/, the releases' references beside it (default: the
                      copy packaged with the server; npm start passes docs/dist/index.html)
  --log               Log one line per request (method, route, status, time; never headers or bodies)
  -h, --help          Show this help

Serves the API of generated/openapi.json, the spec at /openapi.json and /openapi.yaml, and
the docs at /docs. Mock controls (not part of the public API):
  GET  /__mock/clock                         -> {"now": "<ISO-8601 instant>"}
  POST /__mock/clock {"advance": "PT1H"}     moves the server's clock
  POST /__mock/clock {"set": "2030-01-01T00:00:00Z"}
  POST /__mock/reset {}                      restores the seeded data, real time and empty counters
  POST /__mock/quotas/reset {}               empties the request-quota counters only
Every POST takes a JSON body (Content-Type: application/json); the controls answer only a
loopback Host and refuse requests from other sites' pages (Origin, Sec-Fetch-Site); an
allowed origin (--allow-origin) gets no CORS access to them.
`;

/** Thrown for a command line the CLI cannot use; the message says why. */
class UsageError extends Error {}

interface CliOptions {
  port: number;
  host: string;
  db: string;
  seed: boolean;
  /** undefined: the server's default (on for loopback only). */
  mockControl: boolean | undefined;
  quotas: boolean;
  /** undefined: the packaged page. */
  docs: string | undefined;
  log: boolean;
  allowOrigins: string[];
}

function parsePort(value: string, source: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new UsageError(`${source} must be a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Reads the flags, turning node:util's own complaints into usage errors. */
function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'no-seed': { type: 'boolean' },
        'mock-control': { type: 'boolean' },
        'no-mock-control': { type: 'boolean' },
        'no-quotas': { type: 'boolean' },
        docs: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        log: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  const { values } = parseFlags(argv);
  if (values.help) return 'help';
  const port =
    values.port !== undefined
      ? parsePort(values.port, '--port')
      : env.PORT
        ? parsePort(env.PORT, 'PORT')
        : DEFAULT_PORT;
  if (values.host !== undefined && values.host.trim() === '') throw new UsageError('--host must not be empty');
  if (values.db !== undefined && values.db.trim() === '') throw new UsageError('--db must not be empty');
  if (values['mock-control'] && values['no-mock-control'])
    throw new UsageError('--mock-control and --no-mock-control contradict each other; give one');
  let allowOrigins: string[];
  try {
    allowOrigins = values['allow-origin']
      ? values['allow-origin'].map(parseAllowedOrigin)
      : originsFromEnv(env.NOVAVMS_ALLOW_ORIGINS);
  } catch (error) {
    if (!(error instanceof AllowedOriginError)) throw error;
    const source = values['allow-origin'] ? '--allow-origin' : 'NOVAVMS_ALLOW_ORIGINS';
    throw new UsageError(`${source}: ${error.message}`);
  }
  return {
    port,
    host: values.host ?? 'localhost',
    db: values.db ?? DEFAULT_DB,
    seed: !values['no-seed'],
    mockControl: values['no-mock-control'] ? false : values['mock-control'] ? true : undefined,
    quotas: !values['no-quotas'],
    docs: values.docs === undefined ? undefined : path.resolve(values.docs),
    log: values.log === true,
    allowOrigins: [...new Set(allowOrigins)],
  };
}

/** Creates the database folder, with a `.gitignore` so its files never get committed. */
function prepareDatabaseFolder(db: string): void {
  if (db === ':memory:') return;
  const dir = path.dirname(path.resolve(db));
  // Owner only: the database holds the private key that signs access tokens.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ignore = path.join(dir, '.gitignore');
  if (path.basename(dir) === '.novavms' && !existsSync(ignore))
    writeFileSync(ignore, '# Local data of novavms-mock\n*\n');
}

function banner(server: RunningServer, options: CliOptions, readyMs: number): string {
  const { url, demo } = server;
  const loopback = listensOnLoopbackOnly(options.host);
  const lines = [
    `NovaVMS reference server (contract ${info.version}) listening on ${url}`,
    `  Interface  ${options.host}:${server.port} (${loopback ? 'loopback only: this machine alone can reach it' : 'beyond loopback: other machines can reach it'})`,
    `  Docs       ${url}/docs`,
    `  Admin UI   ${url}/admin/service-accounts (service accounts and their keys)`,
    `  Spec       ${url}/openapi.json  ${url}/openapi.yaml`,
    `  Database   ${options.db === ':memory:' ? ':memory: (nothing is kept)' : path.resolve(options.db)}`,
  ];
  if (options.seed) {
    lines.push(
      '',
      `  Demo users (password ${demo.password})`,
      `    ${demo.ownerEmail.padEnd(22)} owner`,
      `    ${demo.adminEmail.padEnd(22)} admin`,
      `    ${demo.viewerEmail.padEnd(22)} viewer`,
      `  Demo keys (service account ${demo.serviceAccountId}, role auditor)`,
      `    ${demo.liveKey}   live (production)`,
      `    ${demo.testKey}   test (sandbox)`,
      `    ${demo.liveKeyAlias.padEnd(demo.liveKey.length)}   alias of the live key, so the docs' examples work as written (this local server only)`,
      '',
      `  Try: curl -H "Authorization: Bearer ${demo.liveKeyAlias}" ${url}/api/v1/cameras`,
    );
  } else {
    lines.push('', '  No demo data (--no-seed).');
  }
  lines.push(
    server.mockControl
      ? `  Mock controls are on${loopback ? '' : ' (--mock-control), reachable from other machines'}: GET/POST ${url}/__mock/clock, POST ${url}/__mock/reset, POST ${url}/__mock/quotas/reset`
      : options.mockControl === false
        ? '  Mock controls are off (--no-mock-control).'
        : `  Mock controls are off: ${options.host} is not loopback (--mock-control turns them on).`,
    server.allowOrigins.length
      ? `  Cross-origin requests (CORS, with credentials) are allowed from: ${server.allowOrigins.join(', ')}`
      : '  Cross-origin requests get no CORS headers (--allow-origin URL allows an origin).',
    server.quotas
      ? '  Request quotas of /api/v1 are enforced (x-novavms-quota; --no-quotas turns them off).'
      : '  Request quotas are off (--no-quotas).',
    `  Ready in ${readyMs} ms. Ctrl-C stops it.`,
  );
  return lines.join('\n');
}

/**
 * Runs the CLI and resolves with its exit code: 0 once the server listens (it then lives until
 * SIGINT/SIGTERM), 2 for bad flags, 1 when it cannot start.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let options: CliOptions;
  try {
    const parsed = parseCommandLine(argv, env);
    if (parsed === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`novavms-mock: ${error.message}\nRun novavms-mock --help for the options.\n`);
      return 2;
    }
    throw error;
  }

  let server: RunningServer;
  try {
    prepareDatabaseFolder(options.db);
    server = await startServer({
      port: options.port,
      host: options.host,
      db: options.db,
      seed: options.seed,
      ...(options.mockControl === undefined ? {} : { mockControl: options.mockControl }),
      quotas: options.quotas,
      log: options.log,
      ...(options.docs === undefined ? {} : { docsPage: options.docs }),
      allowOrigins: options.allowOrigins,
    });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      process.stderr.write(
        `novavms-mock: port ${options.port} is already in use (is another server running?). Pick another with --port.\n`,
      );
    } else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
      process.stderr.write(`novavms-mock: cannot listen on host ${JSON.stringify(options.host)}.\n`);
    } else {
      process.stderr.write(`novavms-mock: cannot start: ${err.message}\n`);
    }
    return 1;
  }
  process.stdout.write(`${banner(server, options, Math.round(process.uptime() * 1000))}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`novavms-mock: ${signal}, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`novavms-mock: error while closing: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return 0;
}
