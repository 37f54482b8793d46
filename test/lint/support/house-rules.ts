/**
 * Runs one house rule alone: the real lint configuration (`.spectral.yaml` for Spectral,
 * `lint/novavms-auth.redocly.yaml` for Redocly) with every other rule switched off, on a
 * copy of a contract. Findings come back relative to the copy's root, so tests can assert
 * the rule id, the file, the JSON pointer and the severity.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import spectralCore from '@stoplight/spectral-core';
import YAML from 'yaml';
import type { Finding } from '../../../lint/run/finding.js';
import { lintWithRedocly } from '../../../lint/run/redocly.js';
import { lintWithSpectral, loadSpectralRuleset, type SpectralRuleset } from '../../../lint/run/spectral.js';
import { lintConfig } from '../../../lint/run/target.js';
import { type ContractCopy, copyBaseFixture, repoRoot } from './fixture.js';

/** The house Redocly ruleset file. */
export const redoclyHouseRules = path.join(repoRoot, 'lint', 'novavms-auth.redocly.yaml');

/** A finding as tests compare it: file relative to the copy's root. */
export interface Seen {
  rule: string;
  severity: Finding['severity'];
  file: string;
  pointer: string;
  message: string;
}

function seen(copy: ContractCopy, findings: Finding[]): Seen[] {
  return findings.map(({ rule, severity, file, pointer, message }) => ({
    rule,
    severity,
    file: path.relative(copy.root, file),
    pointer,
    message,
  }));
}

let realRuleset: Promise<SpectralRuleset> | undefined;

/** The ruleset `npm run lint:style` uses (.spectral.yaml and all it extends), loaded once. */
export function realSpectralRuleset(): Promise<SpectralRuleset> {
  realRuleset ??= loadSpectralRuleset(lintConfig.spectral);
  return realRuleset;
}

/** The real Spectral ruleset with every rule off except `ruleId`, which keeps its own severity. */
export async function onlySpectralRule(ruleId: string): Promise<SpectralRuleset> {
  const real = await realSpectralRuleset();
  if (!(ruleId in real.rules)) throw new Error(`${ruleId} is not a rule of .spectral.yaml`);
  return new spectralCore.Ruleset({ extends: [[real.definition, 'off']], rules: { [ruleId]: true } } as never);
}

/** Lints a copy with one Spectral rule of the real configuration. */
export async function lintWithSpectralRule(ruleId: string, copy: ContractCopy): Promise<Seen[]> {
  return seen(copy, await lintWithSpectral(copy.spec, await onlySpectralRule(ruleId)));
}

/** The configurable rules of the house Redocly ruleset, by id. */
export async function redoclyRules(): Promise<Record<string, unknown>> {
  const file = YAML.parse(await readFile(redoclyHouseRules, 'utf8')) as { rules: Record<string, unknown> };
  return file.rules;
}

/** Lints a copy with one rule of the house Redocly ruleset, every other rule off. */
export async function lintWithRedoclyRule(ruleId: string, copy: ContractCopy): Promise<Seen[]> {
  const rules = await redoclyRules();
  if (!(ruleId in rules)) throw new Error(`${ruleId} is not a rule of ${redoclyHouseRules}`);
  const off = Object.fromEntries(
    Object.keys(rules)
      .filter((id) => id !== ruleId)
      .map((id) => [id, 'off']),
  );
  const work = await mkdtemp(path.join(tmpdir(), 'novavms-redocly-rule-'));
  try {
    // No `recommended`: a Redocly config without it runs exactly the rules it names.
    const config = path.join(work, 'redocly.yaml');
    await writeFile(config, YAML.stringify({ extends: [redoclyHouseRules], rules: off }));
    const { findings, stderr } = await lintWithRedocly([copy.spec], config);
    if (stderr) throw new Error(`Redocly complained: ${stderr}`);
    return seen(copy, findings);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Copies the base fixture, applies `change`, lints the copy with one Spectral rule alone, cleans up. */
export async function spectralRuleOn(ruleId: string, change?: (copy: ContractCopy) => Promise<void>): Promise<Seen[]> {
  const copy = await copyBaseFixture();
  try {
    await change?.(copy);
    return await lintWithSpectralRule(ruleId, copy);
  } finally {
    await copy.remove();
  }
}

/** Copies the base fixture, applies `change`, lints the copy with one Redocly rule alone, cleans up. */
export async function redoclyRuleOn(ruleId: string, change?: (copy: ContractCopy) => Promise<void>): Promise<Seen[]> {
  const copy = await copyBaseFixture();
  try {
    await change?.(copy);
    return await lintWithRedoclyRule(ruleId, copy);
  } finally {
    await copy.remove();
  }
}
