/**
 * The exceptions file, .redocly.lint-ignore.yaml: the lint scripts apply its entries to both
 * linters exactly (same file, same rule id, same pointer), report entries that match nothing
 * as stale, and Redocly CLI, which reads the same file by itself, accepts the entries it does
 * not know (Spectral's rule ids).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding } from '../../lint/run/finding.js';
import { applyExceptions, readExceptions } from '../../lint/run/ignore.js';
import { lintConfig } from '../../lint/run/target.js';
import { redoclyBin, redoclyEnv } from '../../tools/redocly.js';
import { repoRoot } from './support/fixture.js';

const run = promisify(execFile);

function finding(file: string, rule: string, pointer: string): Finding {
  return { linter: 'spectral', rule, severity: 'error', message: 'm', file, line: 1, column: 1, pointer };
}

describe('exceptions', () => {
  let dir: string;
  let ignoreFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'novavms-ignore-'));
    ignoreFile = path.join(dir, '.redocly.lint-ignore.yaml');
    await writeFile(
      ignoreFile,
      [
        '# reasons are comments',
        'openapi/paths/a_{id}.yaml:',
        '  # one reason',
        '  owasp:api8:2023-define-error-responses-500:',
        "    - '#/get/responses'",
        '  operation-4xx-response:',
        "    - '#/get/responses'",
        'openapi/openapi.yaml:',
        '  oas3-schema:',
        "    - '#/paths/~1a~1{id}'",
        "    - '#/paths/~1gone'",
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('reads every entry with its file resolved against the lint root and its line', async () => {
    const { exceptions, problems } = await readExceptions(ignoreFile, '/lint/root');
    expect(problems).toEqual([]);
    expect(exceptions.map(({ file, rule, pointer, line }) => [file, rule, pointer, line])).toEqual([
      ['/lint/root/openapi/paths/a_{id}.yaml', 'owasp:api8:2023-define-error-responses-500', '#/get/responses', 5],
      ['/lint/root/openapi/paths/a_{id}.yaml', 'operation-4xx-response', '#/get/responses', 7],
      ['/lint/root/openapi/openapi.yaml', 'oas3-schema', '#/paths/~1a~1{id}', 10],
      ['/lint/root/openapi/openapi.yaml', 'oas3-schema', '#/paths/~1gone', 11],
    ]);
  });

  test('drops exactly the named findings and reports the entries that matched nothing', async () => {
    const { exceptions } = await readExceptions(ignoreFile, '/r');
    const spectral = (rule: string) => rule !== 'operation-4xx-response';
    const findings = [
      finding('/r/openapi/paths/a_{id}.yaml', 'owasp:api8:2023-define-error-responses-500', '#/get/responses'),
      // Same rule, other place: kept.
      finding('/r/openapi/paths/a_{id}.yaml', 'owasp:api8:2023-define-error-responses-500', '#/post/responses'),
      // Same place, other rule: kept.
      finding('/r/openapi/paths/a_{id}.yaml', 'owasp:api8:2023-define-error-responses-401', '#/get/responses'),
      // URI-encoded pointer of the same place: dropped.
      finding('/r/openapi/openapi.yaml', 'oas3-schema', '#/paths/~1a~1%7Bid%7D'),
    ];
    const result = applyExceptions(findings, exceptions, spectral, ignoreFile);
    expect(result.excepted).toBe(2);
    expect(result.kept).toEqual([findings[1], findings[2]]);
    expect(result.stale).toEqual([
      expect.objectContaining({
        rule: 'stale-lint-exception',
        severity: 'error',
        file: ignoreFile,
        line: 11,
        message: expect.stringContaining('openapi/openapi.yaml › oas3-schema › #/paths/~1gone matches no finding'),
      }),
    ]);
  });

  test("leaves the other linter's entries alone", async () => {
    const { exceptions } = await readExceptions(ignoreFile, '/r');
    const redocly = (rule: string) => rule === 'operation-4xx-response';
    const result = applyExceptions([], exceptions, redocly, ignoreFile);
    expect(result.stale.map((s) => s.line)).toEqual([7]);
  });

  test('reports a malformed entry instead of ignoring it', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, 'openapi/openapi.yaml:\n  oas3-schema: "#/paths"\n');
    const { exceptions, problems } = await readExceptions(bad, '/r');
    expect(exceptions).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ rule: 'invalid-lint-exception', line: 2 })]);
  });

  test('Redocly CLI reads the real file by itself and accepts the Spectral rule ids in it', async () => {
    const { stdout, stderr } = await run(redoclyBin, ['lint', 'openapi/openapi.yaml', '--format', 'json'], {
      cwd: repoRoot,
      env: redoclyEnv,
    });
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number; ignored: number } };
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 1 });
    expect(stderr).not.toMatch(/unknown rule|not expected here|config has/i);
    expect(path.dirname(lintConfig.ignore)).toBe(path.resolve(repoRoot));
  });
});
