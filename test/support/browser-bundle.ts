/**
 * A module bundled as a browser would load it (esbuild, ESM, platform browser, in memory), with
 * its metafile: the tests of what the SDK's browser entry points pull in read it.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../../tools/paths.js';

/** Bundles `entry` (a path under the repository root, to which metafile inputs are relative) for the browser, leaving `external` imports as they are. */
export function bundleForBrowser(entry: string, external: string[] = []) {
  return build({
    entryPoints: [path.join(repoRoot, entry)],
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external,
  });
}
