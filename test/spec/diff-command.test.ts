/**
 * `npm run diff` as CI and people run it: the gate passes on the repository as committed, and
 * fails with exit code 1 on a version too low (both through npm, as CI runs them); then the
 * command's formats, arguments and exit codes, in this process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runDiff } from '../../tools/diff/command.js';
import { repoRoot } from '../../tools/paths.js';

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'novavms-diff-command-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// biome-ignore lint/suspicious/noExplicitAny: tests edit the bundled document at arbitrary depth
type Doc = any;

/** The release 1.2.0 with `edit` applied, as a file. */
function revision(name: string, edit: (doc: Doc) => void): string {
  const doc = JSON.parse(readFileSync(path.join(repoRoot, 'releases', '1.2.0.json'), 'utf8'));
  edit(doc);
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

async function npmDiff(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('npm', ['run', '-s', 'diff', '--', ...args], { cwd: repoRoot });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

/** Runs the command in this process, capturing what it prints. */
async function diff(args: { positionals?: string[]; format?: string; check?: boolean }) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  });
  const code = await runDiff({ positionals: [], format: 'text', check: false, ...args });
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}
afterEach(() => vi.restoreAllMocks());

describe('npm run diff, through npm', () => {
  it('--check passes on the committed contract: its info.version fits every change since the latest release', async () => {
    const { code, stdout } = await npmDiff('--check');
    expect(stdout).toMatch(/^Contract diff: \d+\.\d+\.\d+ → working \(\d+\.\d+\.\d+\)$/m);
    expect(stdout).toContain('Gate passed');
    expect(code).toBe(0);
  }, 60_000);

  it('--check fails with exit code 1 when the version is too low, and says which change needs which version', async () => {
    const file = revision('too-low', (doc) => {
      doc.info.version = '1.2.1';
      doc.components.schemas.Camera.properties.model = { type: 'string', maxLength: 8 };
    });
    const { code, stdout } = await npmDiff('1.2.0', file, '--check');
    expect(code).toBe(1);
    expect(stdout).toContain('Gate FAILED');
    expect(stdout).toMatch(
      /minor \(needs 1\.3\.0\): redocly\/added GET \/api\/v1\/cameras \(listCameras\): Property `model` was added\./,
    );
  }, 60_000);
});

describe('npm run diff, its formats and arguments', () => {
  it('--format json is one JSON document with the changes, the rating and the gate', async () => {
    const file = revision('json', (doc) => {
      doc.info.version = '1.2.1';
      doc.components.schemas.Camera.description = 'A camera.';
    });
    const { code, stdout } = await diff({ positionals: ['1.2.0', file], format: 'json', check: true });
    const report = JSON.parse(stdout);
    expect(code).toBe(0);
    expect(report).toMatchObject({
      base: { label: '1.2.0', version: '1.2.0' },
      revision: { version: '1.2.1' },
      rating: 'patch',
      requiredVersion: '1.2.1',
      gate: { ok: true, problems: [] },
    });
    expect(report.changes[0]).toMatchObject({ rating: 'patch', rule: 'redocly/modified' });
  });

  it('--format markdown is a changelog section', async () => {
    const { stdout } = await diff({ positionals: ['1.2.0', '1.2.0'], format: 'markdown' });
    expect(stdout).toBe('Compared with 1.2.0: 0 changes (0 major, 0 minor, 0 patch).\n');
  });

  it.each([
    [{ format: 'yaml' }, /usage: npm run diff/],
    [{ positionals: ['0.9.0'] }, /0\.9\.0 is not a released version \(released: 1\.2\.0/],
    [{ positionals: ['no-such-file.json'] }, /neither a released version, nor "working", nor a file/],
    [{ positionals: ['1.2.0', 'working', 'extra'] }, /usage: npm run diff/],
    [{ positionals: ['1.2.0', path.join(repoRoot, 'package.json')] }, /is not a bundled OpenAPI 3 document/],
    [{ positionals: ['1.2.0', path.join(repoRoot, 'README.md')] }, /README\.md is not a JSON file/],
  ])('refuses %j with exit code 2 and a clear message', async (args, message) => {
    const { code, stderr } = await diff(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
