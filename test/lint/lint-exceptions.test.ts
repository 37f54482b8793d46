/**
 * The exceptions of the lint policy stay true. Each rule that .spectral.yaml or redocly.yaml
 * switches off or narrows says why, and would still report something on openapi/ without
 * that line (otherwise the line has outlived its reason: switch the rule back on); the one
 * Spectral override still covers the oas3-schema findings it names, and only those. Point
 * exceptions in .redocly.lint-ignore.yaml are applied by Redocly itself, and `npm run lint`
 * fails once one matches nothing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import spectralCore from '@stoplight/spectral-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { type ContractCopy, copyRealContract, repoRoot } from './support/fixture.js';
import { lintWithRedocly, lintWithSpectral, realSpectralRuleset, type Seen } from './support/house-rules.js';
import { type LintRun, npmRunLint } from './support/npm-lint.js';

const spec = path.join(repoRoot, 'openapi', 'openapi.yaml');

/** The `rules` map of a config file, each rule id with whether a comment stands right above it. */
async function rulesWithReasons(file: string): Promise<{ id: string; value: unknown; reason: boolean }[]> {
  const rules = YAML.parseDocument(await readFile(path.join(repoRoot, file), 'utf8')).get('rules') as YAML.YAMLMap;
  return rules.items.map((pair, i) => {
    const key = pair.key as YAML.Scalar;
    const comment = key.commentBefore ?? (i === 0 ? rules.commentBefore : undefined);
    return { id: String(key.value), value: (pair.value as YAML.Scalar).toJSON(), reason: Boolean(comment?.trim()) };
  });
}

function count(findings: readonly Seen[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { rule } of findings) counts[rule] = (counts[rule] ?? 0) + 1;
  return counts;
}

describe('.spectral.yaml', () => {
  let upstream: Seen[];

  beforeAll(async () => {
    // The rulesets .spectral.yaml extends, without its own rules and overrides.
    const real = await realSpectralRuleset();
    const { extends: extended } = real.definition as { extends: unknown };
    const ruleset = new spectralCore.Ruleset({ extends: extended } as never, { severity: 'recommended' } as never);
    upstream = await lintWithSpectral(spec, ruleset, repoRoot);
  }, 60_000);

  test('says why beside every rule it switches off or narrows', async () => {
    const rules = await rulesWithReasons('.spectral.yaml');
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter(({ reason }) => !reason).map(({ id }) => id)).toEqual([]);
  });

  test('switches off or narrows only rules that would report something on openapi/', async () => {
    const counts = count(upstream);
    const idle = (await rulesWithReasons('.spectral.yaml')).filter(({ id }) => !counts[id]).map(({ id }) => id);
    expect(idle, 'rules that .spectral.yaml no longer needs to change').toEqual([]);
  });

  test('its override (stoplightio/spectral#2655) still covers findings, all on the root paths map', async () => {
    const doc = YAML.parse(await readFile(path.join(repoRoot, '.spectral.yaml'), 'utf8'));
    expect(doc.overrides).toEqual([{ files: ['openapi.yaml#/paths'], rules: { 'oas3-schema': 'off' } }]);
    const covered = upstream.filter((f) => f.file === 'openapi/openapi.yaml' && f.pointer.startsWith('#/paths/'));
    expect(covered.length).toBeGreaterThan(0);
    expect(new Set(covered.map(({ rule, message }) => `${rule}: ${message.replace(/^"[^"]*"/, '…')}`))).toEqual(
      new Set(['oas3-schema: … property must not have unevaluated properties.']),
    );
  });
});

describe('redocly.yaml', () => {
  test('says why beside every rule it switches off, and each would report something on openapi/', async () => {
    const rules = await rulesWithReasons('redocly.yaml');
    const off = rules.filter(({ value }) => value === 'off');
    expect(off.length).toBeGreaterThan(0);
    expect(off.filter(({ reason }) => !reason).map(({ id }) => id)).toEqual([]);
    const config = YAML.parse(await readFile(path.join(repoRoot, 'redocly.yaml'), 'utf8'));
    for (const { id } of off) delete config.rules[id];
    config.extends = config.extends.map((entry: string) =>
      entry.startsWith('.') ? path.join(repoRoot, entry) : entry,
    );
    const counts = count(await lintWithRedocly(spec, config, repoRoot));
    expect(off.filter(({ id }) => !counts[id]).map(({ id }) => id)).toEqual([]);
  });
});

describe('.redocly.lint-ignore.yaml, through npm run lint', () => {
  const entry = (pointers: string) => `openapi/openapi.yaml:\n  # The test's reason.\n  info-license: ${pointers}\n`;
  const license = '  license:\n    name: MIT\n    identifier: MIT\n';
  let excepted: ContractCopy;
  let stale: ContractCopy;
  let malformed: ContractCopy;
  let run: LintRun;

  beforeAll(async () => {
    excepted = await copyRealContract({ lintConfig: true });
    stale = await copyRealContract({ lintConfig: true });
    malformed = await copyRealContract({ lintConfig: true });
    const entries: [ContractCopy, string][] = [
      [excepted, "['#/info']"],
      [stale, "['#/info']"],
      // A pointer where Redocly expects a list of them: Redocly ignores nothing with it.
      [malformed, "'#/info'"],
    ];
    for (const [copy, pointers] of entries) {
      const ignoreFile = copy.file('.redocly.lint-ignore.yaml');
      await writeFile(ignoreFile, (await readFile(ignoreFile, 'utf8')) + entry(pointers));
    }
    await excepted.replace('openapi/openapi.yaml', license, '');
    await malformed.replace('openapi/openapi.yaml', license, '');
    run = await npmRunLint([excepted.root, stale.root, malformed.root]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([excepted?.remove(), stale?.remove(), malformed?.remove()]);
  });

  const report = (copy: ContractCopy) =>
    run.stdout.split(/^(?=Linting )/m).find((block) => block.startsWith(`Linting ${copy.spec} `)) ?? '';
  const staleLine = (copy: ContractCopy) =>
    `${copy.file('.redocly.lint-ignore.yaml')}:1:1  error    stale-lint-exception  1 exception but 0 findings ignored`;

  test('Redocly applies an entry by itself: the finding it names does not fail the lint', () => {
    expect(report(excepted), run.stdout + run.stderr).toContain(
      '✔ lint passed: 0 errors, 0 warnings, 1 ignored by .redocly.lint-ignore.yaml',
    );
  });

  test('an entry that matches nothing fails the lint', () => {
    expect(report(stale)).toContain(staleLine(stale));
    expect(report(stale)).toContain('✖ lint failed: 1 error, 0 warnings');
  });

  test('a malformed entry fails the lint instead of being ignored', () => {
    expect(report(malformed)).toContain(staleLine(malformed));
    expect(report(malformed)).toMatch(/ {2}error {4}info-license {2}/);
    expect(run.stdout).toContain('✖ 2 of 3 roots failed the lint');
    expect(run.code).toBe(1);
  });
});
