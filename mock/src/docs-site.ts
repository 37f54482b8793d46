/**
 * `/docs/`: the rendered documentation. A copy packaged next to the bundle
 * (`dist/docs/index.html`) wins; otherwise, inside the repository, `docs/dist/index.html`.
 * The reference of each release lies beside it (`v1.2.0/index.html`, `v1.2.0/openapi.json`).
 * When the server runs in the repository and the page is missing, `npm run -s docs` is started
 * in the background and `/docs` answers 503 with `Retry-After` until the page exists.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogSink } from './log-sink.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The files of each release's reference, with their media types. */
const RELEASE_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'openapi.json': 'application/json; charset=utf-8',
};
const RETRY_SECONDS = 5;

/** The repository that holds this server, when it runs from a checkout (not an installed package). */
export function findRepositoryRoot(from = HERE): string | null {
  const candidate = path.resolve(from, '..', '..');
  try {
    const pkg = JSON.parse(readFileSync(path.join(candidate, 'package.json'), 'utf8')) as {
      name?: string;
      workspaces?: string[];
    };
    return pkg.name === '@novavms/sdk' && (pkg.workspaces ?? []).includes('mock') ? candidate : null;
  } catch {
    return null;
  }
}

function hasDocsScript(root: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    return typeof pkg.scripts?.docs === 'string';
  } catch {
    return false;
  }
}

/** The lock file of the docs build of `root`. */
export function lockFileOf(root: string): string {
  return path.join(tmpdir(), `novavms-docs-build-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.lock`);
}

/** Whether a process with this id is running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock file per repository in the temp folder, so that several servers started at once
 * (tests, a second terminal) run one docs build, not one each. Null when another live process
 * holds it.
 */
function takeBuildLock(root: string): string | null {
  const file = lockFileOf(root);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return file;
    } catch {
      const holder = Number(readFileSafe(file));
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) return null;
      rmSync(file, { force: true });
    }
  }
  return null;
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Whether another live process is building the docs of `root` right now. */
function buildRunningElsewhere(root: string): boolean {
  const holder = Number(readFileSafe(lockFileOf(root)));
  return Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder);
}

/** What `/docs` answers right now. */
export type DocsAnswer = { status: 200; html: string } | { status: 503; html: string; retryAfter?: number };

/** Finds, builds (when it may) and serves the documentation page. */
export class DocsSite {
  private readonly candidates: string[];
  private readonly root: string | null;
  private build: ChildProcess | null = null;
  private buildElsewhere = false;
  private buildFailed = false;
  private lock: string | null = null;

  constructor(
    private readonly log: LogSink | null,
    options: { root?: string | null; packaged?: string } = {},
  ) {
    this.root = options.root === undefined ? findRepositoryRoot() : options.root;
    this.candidates = [options.packaged ?? path.join(HERE, 'docs', 'index.html')];
    if (this.root) this.candidates.push(path.join(this.root, 'docs', 'dist', 'index.html'));
  }

  private file(): string | undefined {
    return this.candidates.find((file) => existsSync(file));
  }

  /** Starts `npm run -s docs` in the background when the page is missing and the repository can build it. */
  buildIfMissing(): void {
    if (this.build || this.file() || !this.root || !hasDocsScript(this.root)) return;
    this.lock = takeBuildLock(this.root);
    if (!this.lock) {
      this.buildElsewhere = true;
      return;
    }
    this.log?.line('docs: docs/dist/index.html is missing; running `npm run -s docs` in the background');
    const child = spawn('npm', ['run', '-s', 'docs'], { cwd: this.root, stdio: 'ignore', env: process.env });
    this.build = child;
    child.on('error', () => {
      this.buildFailed = true;
    });
    child.on('exit', (code) => {
      if (code !== 0) this.buildFailed = true;
      this.log?.line(`docs: the build ended with code ${code ?? 'null'}`);
      if (this.build === child) this.build = null;
      this.releaseLock();
    });
  }

  /** The page, or a 503 page while it is being built (or cannot be). */
  async answer(): Promise<DocsAnswer> {
    const file = this.file();
    if (file) return { status: 200, html: await readFile(file, 'utf8') };
    if (this.build || (this.buildElsewhere && this.root && buildRunningElsewhere(this.root))) {
      return {
        status: 503,
        retryAfter: RETRY_SECONDS,
        html: page(
          'The documentation is being built',
          `It is being built right now (<code>npm run docs</code>). This page reloads by itself.`,
          true,
        ),
      };
    }
    const why = this.buildFailed
      ? 'Building it failed; run <code>npm run docs</code> to see why.'
      : 'Build it with <code>npm run docs</code> at the repository root.';
    return { status: 503, html: page('The documentation is not built', why, false) };
  }

  /**
   * A file of a release's reference, built beside the page (`v1.2.0/index.html`,
   * `v1.2.0/openapi.json`); null when there is none.
   */
  async releaseFile(folder: string, name: string): Promise<{ body: string; type: string } | null> {
    const page = this.file();
    const type = RELEASE_FILES[name];
    if (!page || !type || !/^v\d+\.\d+\.\d+$/.test(folder)) return null;
    try {
      return { body: await readFile(path.join(path.dirname(page), folder, name), 'utf8'), type };
    } catch {
      return null;
    }
  }

  /** Stops a build this server started. */
  close(): void {
    if (this.build && this.build.exitCode === null) this.build.kill('SIGTERM');
    this.build = null;
    this.releaseLock();
  }

  private releaseLock(): void {
    if (this.lock) rmSync(this.lock, { force: true });
    this.lock = null;
  }
}

function page(title: string, body: string, reload: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${reload ? `<meta http-equiv="refresh" content="${RETRY_SECONDS}">\n` : ''}<title>${title} · NovaVMS</title>
</head>
<body>
<h1>${title}</h1>
<p>${body}</p>
<p>The contract is already here: <a href="/openapi.yaml">/openapi.yaml</a> and <a href="/openapi.json">/openapi.json</a>.</p>
</body>
</html>
`;
}
