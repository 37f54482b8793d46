/**
 * Temporary copies of a contract for lint tests: the base fixture (a small, complete auth
 * API that every house rule accepts) or this repository's own openapi/, with or without its
 * lint configuration. A test changes one
 * thing in its copy and lints it; the original files are never touched.
 */
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const baseFixture = fileURLToPath(new URL('../fixtures/base/', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: a test edits parsed YAML at arbitrary depth
export type Yaml = any;

/** A contract copied into a temporary lint root (`<root>/openapi/openapi.yaml`). */
export interface ContractCopy {
  root: string;
  spec: string;
  /** Absolute path of a file of the copy, given relative to the root (`openapi/paths/x.yaml`). */
  file(relative: string): string;
  /** Parses a YAML file of the copy, lets `change` modify it, and writes it back. */
  edit(relative: string, change: (doc: Yaml) => void): Promise<void>;
  /** Replaces text in a file of the copy; fails when the text is not there. */
  replace(relative: string, search: string, replacement: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(): Promise<void>;
}

/** The lint configuration of this repository, which a copy needs to be linted like it. */
const LINT_CONFIG = ['lint', 'redocly.yaml', '.spectral.yaml', '.redocly.lint-ignore.yaml'];

async function copyOf(openapiDir: string, withLintConfig = false): Promise<ContractCopy> {
  const root = await mkdtemp(path.join(tmpdir(), 'novavms-lint-'));
  await cp(openapiDir, path.join(root, 'openapi'), { recursive: true });
  if (withLintConfig) {
    for (const entry of LINT_CONFIG) await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  }
  const file = (relative: string) => path.join(root, relative);
  return {
    root,
    spec: file('openapi/openapi.yaml'),
    file,
    async edit(relative, change) {
      const doc = YAML.parse(await readFile(file(relative), 'utf8'));
      change(doc);
      await writeFile(file(relative), YAML.stringify(doc, { lineWidth: 0 }));
    },
    async replace(relative, search, replacement) {
      const text = await readFile(file(relative), 'utf8');
      if (!text.includes(search)) throw new Error(`${relative} does not contain ${JSON.stringify(search)}`);
      await writeFile(file(relative), text.replace(search, replacement));
    },
    async rename(from, to) {
      await rename(file(from), file(to));
    },
    async remove() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A fresh copy of the base fixture. */
export function copyBaseFixture(): Promise<ContractCopy> {
  return copyOf(path.join(baseFixture, 'openapi'));
}

/**
 * A fresh copy of this repository's contract (openapi/), which `npm run lint -- --root <copy>`
 * lints with this repository's configuration; with `lintConfig`, the copy gets its own copy of
 * that configuration too (lint/, redocly.yaml, .spectral.yaml, .redocly.lint-ignore.yaml), which
 * the lint then uses.
 */
export function copyRealContract({ lintConfig = false } = {}): Promise<ContractCopy> {
  return copyOf(path.join(repoRoot, 'openapi'), lintConfig);
}
