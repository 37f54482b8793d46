/**
 * Runs lint rules in-process on copies of a contract, for the rule tests: the real Spectral
 * ruleset (`.spectral.yaml`, loaded as `spectral lint` loads it) or the house Redocly rules,
 * with every rule off but the one under test. Findings come back relative to the copy's
 * root, so tests assert the rule id, the file, the JSON pointer, the severity and the message.
 * `testRule` turns a table of cases (each one change to the base fixture) into tests.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { builtins } from '@stoplight/spectral-ruleset-bundler/plugins/builtins';
import { commonjs } from '@stoplight/spectral-ruleset-bundler/plugins/commonjs';
import { bundleAndLoadRuleset } from '@stoplight/spectral-ruleset-bundler/with-loader';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { redoclyBin, redoclyEnv } from '../../../tools/redocly.js';
import { type ContractCopy, copyBaseFixture, repoRoot, type Yaml } from './fixture.js';

const { Spectral, Document } = spectralCore;
const run = promisify(execFile);

/** A loaded Spectral ruleset. */
export type SpectralRuleset = InstanceType<typeof spectralCore.Ruleset>;

/** The house Redocly ruleset file. */
export const redoclyHouseRules = path.join(repoRoot, 'lint', 'novavms-auth.redocly.yaml');

/** A finding as tests compare it: file relative to the linted root. */
export interface Seen {
  rule: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  file: string;
  pointer: string;
  message: string;
}

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

/** Encodes a path of keys as a JSON pointer fragment (`#/paths/~1api~1v1~1me`). */
function toPointer(segments: readonly (string | number)[]): string {
  return `#/${segments.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** Loads a ruleset file (YAML or JS) with its functions, as `spectral lint --ruleset` does. */
function loadSpectralRuleset(rulesetFile: string): Promise<SpectralRuleset> {
  const io = { fs, fetch: globalThis.fetch } as unknown as Parameters<typeof bundleAndLoadRuleset>[1];
  return bundleAndLoadRuleset(rulesetFile, io, [builtins(), commonjs()]);
}

let realRuleset: Promise<SpectralRuleset> | undefined;

/** The ruleset `npm run lint` gives Spectral (.spectral.yaml and all it extends), loaded once. */
export function realSpectralRuleset(): Promise<SpectralRuleset> {
  realRuleset ??= loadSpectralRuleset(path.join(repoRoot, '.spectral.yaml'));
  return realRuleset;
}

/** A ruleset made of the real one with every rule off, then `rules` (id → true or a severity). */
export async function realRulesetWith(rules: Record<string, true | string>): Promise<SpectralRuleset> {
  const real = await realSpectralRuleset();
  for (const id of Object.keys(rules))
    if (!(id in real.rules)) throw new Error(`${id} is not a rule of .spectral.yaml`);
  return new spectralCore.Ruleset({ extends: [[real.definition, 'off']], rules } as never);
}

/** Lints the document at `spec` (its `$ref`s read from disk); files are given relative to `root`. */
export async function lintWithSpectral(spec: string, ruleset: SpectralRuleset, root: string): Promise<Seen[]> {
  const spectral = new Spectral();
  spectral.setRuleset(ruleset);
  const results = await spectral.run(new Document(await readFile(spec, 'utf8'), spectralParsers.Yaml, spec));
  return results.map((result) => ({
    rule: String(result.code),
    severity: SEVERITIES[result.severity] ?? 'error',
    file: path.relative(root, result.source ?? spec),
    pointer: toPointer(result.path),
    message: result.message,
  }));
}

/** Lints `spec` with Redocly CLI and the config `config` (a redocly.yaml, as an object). */
export async function lintWithRedocly(spec: string, config: object, root: string): Promise<Seen[]> {
  const work = await mkdtemp(path.join(tmpdir(), 'novavms-redocly-'));
  try {
    const configFile = path.join(work, 'redocly.yaml');
    await writeFile(configFile, YAML.stringify(config));
    const args = ['lint', spec, '--config', configFile, '--format', 'json', '--lint-config', 'error'];
    const { stdout } = await run(redoclyBin, args, { cwd: root, env: redoclyEnv }).catch((error) => error);
    const report = JSON.parse(stdout) as {
      problems: {
        ruleId: string;
        severity: string;
        message: string;
        location: { source: { ref: string }; pointer: string }[];
      }[];
    };
    return report.problems.map(({ ruleId, severity, message, location: [at] }) => ({
      rule: ruleId,
      severity: severity === 'warn' ? 'warning' : 'error',
      file: path.relative(root, path.resolve(root, at?.source.ref ?? spec)),
      pointer: at?.pointer ?? '#/',
      message,
    }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The configurable rules of the house Redocly ruleset, by id. */
export async function redoclyRules(): Promise<Record<string, unknown>> {
  return (YAML.parse(await readFile(redoclyHouseRules, 'utf8')) as { rules: Record<string, unknown> }).rules;
}

/** A change to a copy: `change` edits the parsed YAML file `file` of it. */
export function edit(file: string, change: (doc: Yaml) => void): (copy: ContractCopy) => Promise<void> {
  return (copy) => copy.edit(file, change);
}

/** Copies the base fixture, applies `change`, lints the copy with one rule alone, cleans up. */
async function ruleOn(rule: string, change?: (copy: ContractCopy) => Promise<void>): Promise<Seen[]> {
  const copy = await copyBaseFixture();
  try {
    await change?.(copy);
    if (!rule.startsWith('rule/'))
      return await lintWithSpectral(copy.spec, await realRulesetWith({ [rule]: true }), copy.root);
    // No `recommended`: a Redocly config without it runs exactly the rules it names.
    const rules = await redoclyRules();
    if (!(rule in rules)) throw new Error(`${rule} is not a rule of ${redoclyHouseRules}`);
    const off = Object.fromEntries(Object.keys(rules).flatMap((id) => (id === rule ? [] : [[id, 'off']])));
    return await lintWithRedocly(copy.spec, { extends: [redoclyHouseRules], rules: off }, copy.root);
  } finally {
    await copy.remove();
  }
}

/** One case of a rule's table: a change to the base fixture and the errors it must give. */
export interface RuleCase {
  name: string;
  change?: (copy: ContractCopy) => Promise<void>;
  /** Each error's file (relative to the root), pointer, and a part of its message. */
  errors: { file: string; pointer: string; message: string }[];
  /** More to check on the findings, beyond what `errors` says. */
  check?: (findings: Seen[]) => void;
}

/** One test per case: the rule alone on the changed base fixture gives exactly these errors. */
export function testRule(rule: string, cases: RuleCase[]): void {
  describe(rule, () => {
    for (const { name, change, errors, check } of cases) {
      test(name, async () => {
        const findings = await ruleOn(rule, change);
        expect(findings).toEqual(
          errors.map(({ file, pointer, message }) => ({
            rule,
            severity: 'error',
            file,
            pointer,
            message: expect.stringContaining(message),
          })),
        );
        check?.(findings);
      });
    }
  });
}
