/**
 * The `novavms-mock` command, run as a real process from the built bundle: flags and their
 * errors (exit 2), `--help`, the banner with the demo credentials and keys, the database
 * folder, `--no-seed`, `--no-mock-control`, SIGTERM closing cleanly, and durability across a
 * `kill -9` of what a response acknowledged.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectSuccess } from '../../test/contract/support/expectations.js';
import { sendRaw } from '../../test/contract/support/http-transport.js';
import { pathOf } from '../../test/contract/support/operation-path.js';
import { apiSession, login, logoutWithToken, refreshWithToken } from '../../test/contract/support/sessions.js';
import { freePort } from '../../tools/ports.js';
import { DEMO } from '../src/demo.js';
import { clientOf } from './support/server.js';

const OWNER = { email: DEMO.ownerEmail, password: DEMO.password };
const ME = pathOf('getCurrentPrincipal');
const CAMERAS = pathOf('listCameras');

const mockDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(mockDir, 'bin', 'novavms-mock.js');
let work: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  execFileSync(process.execPath, [path.join(mockDir, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
  work = mkdtempSync(path.join(tmpdir(), 'novavms-cli-'));
});
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** The exit code, or the signal that ended the process (so that a crash names itself in a failure). */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Starts the CLI and waits for its banner. */
async function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Started> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? work,
    env: { ...process.env, PORT: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  const deadline = Date.now() + 20_000;
  while (!/Ready in \d+ ms/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the CLI did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
  return { child, url, output: () => out, exited };
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    env: { ...process.env, PORT: '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

async function stop(started: Started, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | NodeJS.Signals | null> {
  started.child.kill(signal);
  return started.exited;
}

describe('flags', () => {
  it('--help lists every flag and the mock controls, and exits 0', () => {
    const res = runCli(['--help']);
    expect(res.status).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--db',
      '--no-seed',
      '--no-mock-control',
      '--docs',
      '--log',
      '--help',
      '/__mock/clock',
      '/__mock/reset',
      '4010',
      '.novavms',
    ]) {
      expect(res.stdout).toContain(flag);
    }
  });

  it('the package README documents every flag, the demo keys, the alias and the mock controls', () => {
    const readme = readFileSync(path.join(mockDir, 'README.md'), 'utf8');
    const help = runCli(['--help']).stdout;
    for (const flag of help.match(/--[a-z-]+/g) ?? []) expect(readme, flag).toContain(flag);
    for (const text of [
      DEMO.liveKey,
      DEMO.testKey,
      DEMO.liveKeyAlias,
      DEMO.ownerEmail,
      DEMO.adminEmail,
      DEMO.viewerEmail,
      DEMO.password,
      '/__mock/clock',
      '/__mock/reset',
      'npm start',
    ]) {
      expect(readme, text).toContain(text);
    }
  });

  it('bad flags get a clear message and exit 2', () => {
    for (const [args, message] of [
      [['--bogus'], /Unknown option '--bogus'/],
      [['--port', 'abc'], /--port must be a port number/],
      [['--port', '70000'], /--port must be a port number/],
      [['--port'], /--port/],
      [['extra'], /positional/i],
      [['--db', ''], /--db must not be empty/],
      [['--allow-origin', '*'], /--allow-origin: .*no wildcard/],
      [['--allow-origin', 'http://localhost:5173/app'], /--allow-origin: .*not an origin/],
      [['--allow-origin', 'file:///tmp'], /--allow-origin: .*http:\/\/ or https:\/\//],
    ] as const) {
      const res = runCli([...args]);
      expect(res.status, args.join(' ')).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).toContain('--help');
    }
    const env = runCli([], { PORT: 'http' });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain('PORT must be a port number');
    const origins = runCli([], { NOVAVMS_ALLOW_ORIGINS: 'http://localhost:5173,localhost:5174' });
    expect(origins.status).toBe(2);
    expect(origins.stderr).toMatch(/NOVAVMS_ALLOW_ORIGINS: "localhost:5174"/);
  });

  it('a missing bundle is reported clearly', () => {
    const copy = path.join(work, 'no-dist', 'bin');
    mkdirSync(copy, { recursive: true });
    copyFileSync(bin, path.join(copy, 'novavms-mock.js'));
    const res = spawnSync(process.execPath, [path.join(copy, 'novavms-mock.js')], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('npm run build:mock');
  });

  it.each([
    [
      'generated/openapi.json',
      '"title": "NovaVMS authentication API"',
      '"title": "NovaVMS authentication API, edited"',
    ],
    // npm's record of the installed dependencies, which the bundle carries: a bundle built before `npm ci` changed them is stale.
    ['node_modules/.package-lock.json', '"name": "@novavms/sdk"', '"name": "@novavms/sdk-edited"'],
  ])(
    'inside the repository, a bundle older than its sources is refused, naming the changed file (%s)',
    (changed, from, to) => {
      // A copy of the checkout's layout: the bin, the bundle and the sources it was built from.
      const repoCopy = path.join(work, `stale-repo-${path.basename(changed)}`);
      const digests = JSON.parse(readFileSync(path.join(mockDir, 'dist', 'inputs.json'), 'utf8')) as Record<
        string,
        string
      >;
      expect(Object.keys(digests)).toContain('generated/openapi.json');
      for (const file of [
        ...Object.keys(digests),
        'mock/bin/novavms-mock.js',
        'mock/dist/cli.js',
        'mock/dist/inputs.json',
      ]) {
        mkdirSync(path.dirname(path.join(repoCopy, file)), { recursive: true });
        copyFileSync(path.join(mockDir, '..', file), path.join(repoCopy, file));
      }
      const copiedBin = path.join(repoCopy, 'mock', 'bin', 'novavms-mock.js');
      const source = path.join(repoCopy, changed);
      const edited = readFileSync(source, 'utf8').replace(from, to);
      expect(edited).not.toBe(readFileSync(source, 'utf8'));
      writeFileSync(source, edited);
      const res = spawnSync(process.execPath, [copiedBin, '--help'], { encoding: 'utf8' });
      expect(res.status).toBe(1);
      expect(res.stderr).toContain(`mock/dist is older than ${changed}`);
      expect(res.stderr).toContain('npm run build:mock');
    },
  );

  it('the bundle carries its JavaScript dependencies: it loads only Node.js modules and the native ones', () => {
    const digests = JSON.parse(readFileSync(path.join(mockDir, 'dist', 'inputs.json'), 'utf8')) as Record<
      string,
      string
    >;
    // The bundled dependencies are one input, npm's record of node_modules, not each of their files.
    expect(Object.keys(digests).filter((file) => file.includes('node_modules'))).toEqual([
      'node_modules/.package-lock.json',
    ]);
    const loaded = new Set<string>();
    const files = readdirSync(path.join(mockDir, 'dist')).filter((name) => name.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['cli.js', 'index.js']));
    for (const name of files) {
      const code = readFileSync(path.join(mockDir, 'dist', name), 'utf8');
      for (const pattern of [
        /^import\s[^;]*?\sfrom\s*["']([^"']+)["']/gms,
        /\b(?:__require|import)\(["']([^"']+)["']\)/g,
      ])
        for (const match of code.matchAll(pattern)) loaded.add(match[1]!);
    }
    // (A plain `require("…")` is not looked for: Ajv's generated-code strings name its own runtime
    // that way, code the bundle never runs; esbuild writes the bundle's own requires as __require.)
    const outside = [...loaded].filter((specifier) => !specifier.startsWith('.') && !isBuiltin(specifier));
    // @node-rs/argon2, the other native one, is loaded by the password-checking threads (logins
    // through the CLI are checked above).
    expect(outside.sort()).toEqual(['better-sqlite3']);
  });

  it('the package depends only on the native modules the bundle leaves out, not on what it carries', () => {
    const manifest = JSON.parse(readFileSync(path.join(mockDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@node-rs/argon2', 'better-sqlite3']);
    // The bundled ones stay for building and for the tests that run the sources.
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['ajv', 'fastify', 'jose']));
  });

  it('a port in use is reported clearly (exit 1)', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const res = runCli(['--port', String(port), '--host', '127.0.0.1', '--db', ':memory:']);
      expect(res.status).toBe(1);
      expect(res.stderr).toContain(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});

describe('running', () => {
  it('--docs FILE serves that page at /docs/ and the releases beside it, relative to the working directory', async () => {
    mkdirSync(path.join(work, 'site', 'v1.2.0'), { recursive: true });
    writeFileSync(path.join(work, 'site', 'index.html'), '<html>these docs</html>');
    writeFileSync(path.join(work, 'site', 'v1.2.0', 'openapi.json'), '{"openapi":"3.1.0"}');
    const started = await startCli(['--port', '0', '--db', ':memory:', '--docs', 'site/index.html']);
    try {
      const page = await fetch(`${started.url}/docs/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe('<html>these docs</html>');
      expect(await (await fetch(`${started.url}/docs/v1.2.0/openapi.json`)).text()).toBe('{"openapi":"3.1.0"}');
    } finally {
      expect(await stop(started)).toBe(0);
    }
    const missing = await startCli(['--port', '0', '--db', ':memory:', '--docs', 'nowhere/index.html']);
    try {
      const page = await fetch(`${missing.url}/docs/`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain(path.join(work, 'nowhere', 'index.html'));
    } finally {
      expect(await stop(missing)).toBe(0);
    }
  });

  it('seeds and prints the demo org: where it listens, the docs, the demo users who log in and the keys of each environment (with the sk_live_abc123 alias); PORT is honoured, --port wins', async () => {
    const envPort = await freePort();
    const byEnv = await startCli(['--db', ':memory:'], { env: { PORT: String(envPort) } });
    try {
      const banner = byEnv.output();
      expect(byEnv.url).toBe(`http://localhost:${envPort}`);
      expect(banner).toContain(`http://localhost:${envPort}/docs`);
      for (const text of [
        DEMO.ownerEmail,
        DEMO.adminEmail,
        DEMO.viewerEmail,
        DEMO.password,
        DEMO.liveKey,
        DEMO.testKey,
        'sk_live_abc123',
      ])
        expect(banner).toContain(text);
      const client = clientOf(byEnv.url);
      expectSuccess(await client.send({ path: CAMERAS, bearer: 'sk_live_abc123' }));
      for (const email of [DEMO.ownerEmail, DEMO.adminEmail])
        await apiSession(client, { email, password: DEMO.password });
      expect((await client.send({ path: ME, bearer: DEMO.testKey })).json().environment).toBe('test');
      expect((await client.send({ path: ME, bearer: DEMO.liveKey })).json().environment).toBe('live');
    } finally {
      expect(await stop(byEnv)).toBe(0);
    }
    const flagPort = await freePort();
    const byFlag = await startCli(['--port', String(flagPort), '--db', ':memory:'], { env: { PORT: String(envPort) } });
    expect(byFlag.url).toBe(`http://localhost:${flagPort}`);
    // It listens on 127.0.0.1 as well as on the name localhost.
    const client = clientOf(`http://127.0.0.1:${flagPort}`);
    expectSuccess(await client.send({ path: pathOf('getJsonWebKeySet') }));
    expect(await stop(byFlag, 'SIGINT')).toBe(0);
  });

  it('defaults the database to .novavms/novavms.db under the working directory, git-ignored', async () => {
    const cwd = path.join(work, 'project');
    mkdirSync(cwd, { recursive: true });
    const started = await startCli(['--port', '0'], { cwd });
    expect(await stop(started)).toBe(0);
    expect(existsSync(path.join(cwd, '.novavms', 'novavms.db'))).toBe(true);
    expect(readFileSync(path.join(cwd, '.novavms', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    // A clean close leaves no write-ahead log behind.
    expect(existsSync(path.join(cwd, '.novavms', 'novavms.db-wal'))).toBe(false);
  });

  it('--no-seed starts without demo data and says so; --no-mock-control turns /__mock off', async () => {
    const started = await startCli(['--port', '0', '--db', ':memory:', '--no-seed', '--no-mock-control']);
    try {
      expect(started.output()).toContain('No demo data');
      expect(started.output()).not.toContain(DEMO.liveKey);
      const client = clientOf(started.url);
      expect((await login(client, OWNER)).status).toBe(401);
      expect((await client.send({ path: '/__mock/clock' })).status).toBe(404);
    } finally {
      expect(await stop(started)).toBe(0);
    }
  });

  it('allows the origins of NOVAVMS_ALLOW_ORIGINS, or of --allow-origin instead, says so, and answers their preflights', async () => {
    const preflight = (url: string, origin: string) =>
      sendRaw(url, {
        method: 'OPTIONS',
        path: pathOf('loginWithPassword'),
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const env = { NOVAVMS_ALLOW_ORIGINS: 'http://localhost:5173, http://127.0.0.1:5173/' };
    const fromEnv = await startCli(['--port', '0', '--db', ':memory:'], { env });
    try {
      expect(fromEnv.output()).toContain('allowed from: http://localhost:5173, http://127.0.0.1:5173');
      for (const origin of ['http://localhost:5173', 'http://127.0.0.1:5173']) {
        const res = await preflight(fromEnv.url, origin);
        expect([res.status, res.headers['access-control-allow-origin']], origin).toEqual([204, origin]);
      }
    } finally {
      expect(await stop(fromEnv)).toBe(0);
    }
    const flag = await startCli(['--port', '0', '--db', ':memory:', '--allow-origin', 'https://app.example'], { env });
    try {
      expect(flag.output()).toContain('allowed from: https://app.example\n');
      expect((await preflight(flag.url, 'https://app.example')).status).toBe(204);
      const other = await preflight(flag.url, 'http://localhost:5173');
      expect([other.status, other.headers['access-control-allow-origin']]).toEqual([405, undefined]);
    } finally {
      expect(await stop(flag)).toBe(0);
    }
    const none = await startCli(['--port', '0', '--db', ':memory:'], {
      env: { NOVAVMS_ALLOW_ORIGINS: '' },
    });
    try {
      expect(none.output()).toContain('Cross-origin requests get no CORS headers');
    } finally {
      expect(await stop(none)).toBe(0);
    }
  });

  it('SIGTERM lets the requests already running finish: every one is answered, then exit 0', async () => {
    const started = await startCli(['--port', '0', '--db', ':memory:']);
    const client = clientOf(started.url);
    // Logins verify an argon2id hash each, a few at a time: twenty take a while to answer.
    const logins = Array.from({ length: 20 }, () =>
      login(client, OWNER, { clientType: 'api' }).then(
        (res) => res.status,
        (error: Error) => error.message,
      ),
    );
    // Long enough for all twenty to reach the server on a busy machine, short of their answers.
    await new Promise((r) => setTimeout(r, 250));
    const exited = stop(started);
    const statuses = await Promise.all(logins);
    expect(await exited).toBe(0);
    expect(statuses).toEqual(statuses.map(() => 200));
  });

  it('kill -9 after a response keeps what it acknowledged: sessions, keys and revocations', async () => {
    const db = path.join(work, 'crash', 'novavms.db');
    const port = await freePort();
    const first = await startCli(['--port', String(port), '--db', db]);
    let client = clientOf(first.url);
    const keys = pathOf('listServiceAccountKeys', { service_account_id: DEMO.serviceAccountId });
    const session = await apiSession(client, OWNER);
    const minted = await client.send({
      method: 'POST',
      path: keys,
      bearer: session.accessToken,
      json: { mode: 'live' },
    });
    expect(minted.status).toBe(201);
    expect(
      (await client.send({ method: 'DELETE', path: `${keys}/${DEMO.keyIds.test}`, bearer: session.accessToken }))
        .status,
    ).toBe(204);
    const rotated = await refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent });
    expect(rotated.status).toBe(200);
    const ended = await apiSession(client, OWNER);
    expect((await logoutWithToken(client, ended.refreshToken, { userAgent: ended.userAgent })).status).toBe(204);
    expect(await stop(first, 'SIGKILL')).toBe('SIGKILL');

    const second = await startCli(['--port', String(port), '--db', db]);
    client = clientOf(second.url);
    try {
      expectSuccess(await client.send({ path: ME, bearer: minted.json().secret }));
      expectProblem(await client.send({ path: ME, bearer: DEMO.testKey }), 'API_KEY_REVOKED');
      expectProblem(
        await refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent }),
        'REFRESH_TOKEN_REUSED',
      );
      expectProblem(
        await refreshWithToken(client, ended.refreshToken, { userAgent: ended.userAgent }),
        'SESSION_REVOKED',
      );
      expectSuccess(await client.send({ path: ME, bearer: rotated.json().access_token }));
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('--log prints one line per request without secrets', async () => {
    const started = await startCli(['--port', '0', '--db', ':memory:', '--log']);
    const client = clientOf(started.url);
    await client.send({ path: CAMERAS, bearer: DEMO.liveKey });
    await login(client, OWNER, { clientType: 'api' });
    await new Promise((r) => setTimeout(r, 100));
    expect(await stop(started)).toBe(0);
    const requests = started.output().split('Ready in')[1]!;
    expect(requests).toContain('GET /api/v1/cameras 200');
    expect(requests).toContain('POST /api/auth/login 200');
    expect(requests).not.toContain(DEMO.liveKey);
    expect(requests).not.toContain(DEMO.password);
    expect(requests).not.toMatch(/rt_[A-Za-z0-9_-]{43}/);
  });
});
