import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../support/browser-bundle.js';

describe('the browser path', () => {
  it('bundles for the browser without any Node built-in, from the SDK, the contract constants and openapi-fetch only', async () => {
    const result = await bundleForBrowser('src/index.ts');
    const inputs = Object.keys(result.metafile.inputs).sort();
    const outside = inputs.filter(
      (input) =>
        !/^(src\/[\w-]+\.ts|generated\/contract\.ts|node_modules\/openapi-fetch\/dist\/index\.mjs)$/.test(input),
    );
    expect(outside).toEqual([]);
    expect(inputs).toContain('node_modules/openapi-fetch/dist/index.mjs');
    const text = result.outputFiles[0]?.text ?? '';
    expect(text).not.toMatch(/from\s*["']node:/);
    expect(text).not.toMatch(/\brequire\(/);
  });
});
