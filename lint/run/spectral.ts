/**
 * The Spectral half of the lint (`lint:style`): loads a Spectral ruleset the way the
 * Spectral CLI does (YAML migrated and bundled with its functions) and lints the contract
 * with it, returning findings located in the files they are in.
 */
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { builtins } from '@stoplight/spectral-ruleset-bundler/plugins/builtins';
import { commonjs } from '@stoplight/spectral-ruleset-bundler/plugins/commonjs';
import { bundleAndLoadRuleset } from '@stoplight/spectral-ruleset-bundler/with-loader';
import { type Finding, type Severity, toPointer } from './finding.js';

const { Spectral, Document } = spectralCore;

/** A loaded Spectral ruleset (the type the core exports). */
export type SpectralRuleset = InstanceType<typeof spectralCore.Ruleset>;

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

/** Loads and bundles a ruleset file (YAML or JS) with its custom functions, as `spectral lint -r` does. */
export async function loadSpectralRuleset(rulesetFile: string): Promise<SpectralRuleset> {
  const io = { fs, fetch: globalThis.fetch } as unknown as Parameters<typeof bundleAndLoadRuleset>[1];
  return bundleAndLoadRuleset(rulesetFile, io, [builtins(), commonjs()]);
}

/** Lints the document at `spec` (its `$ref`s resolved from disk) with `ruleset`. */
export async function lintWithSpectral(spec: string, ruleset: SpectralRuleset): Promise<Finding[]> {
  const spectral = new Spectral();
  spectral.setRuleset(ruleset);
  const document = new Document(await readFile(spec, 'utf8'), spectralParsers.Yaml, spec);
  const results = await spectral.run(document);
  return results.map(
    (result): Finding => ({
      linter: 'spectral',
      rule: String(result.code),
      severity: SEVERITIES[result.severity] ?? 'error',
      message: result.message,
      file: result.source ?? spec,
      line: result.range.start.line + 1,
      column: result.range.start.character + 1,
      pointer: toPointer(result.path),
    }),
  );
}
