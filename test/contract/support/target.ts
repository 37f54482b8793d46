/**
 * The target as test files see it. Under the contract suite's own configuration the global
 * setup starts it once and hands it over with `provide`; a file run under another
 * configuration starts its own (and its coverage is then not gated).
 */
import { afterAll, inject } from 'vitest';
import { readSettings } from '../../../tools/target-settings.js';
import { startTarget, type TargetInfo } from './start-target.js';

declare module 'vitest' {
  export interface ProvidedContext {
    novavmsTarget: TargetInfo;
  }
}

let fallback: Promise<TargetInfo> | undefined;

/** The target of this run (call at the top level of a test file). */
export async function getTarget(): Promise<TargetInfo> {
  const provided = inject('novavmsTarget');
  if (provided) return provided;
  if (!fallback) {
    const starting = startTarget(readSettings());
    afterAll(async () => (await starting).stop());
    fallback = starting.then((started) => ({ ...started.info, runDir: '' }));
  }
  return fallback;
}
