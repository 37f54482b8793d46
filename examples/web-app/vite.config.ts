import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The example app on port 5173. It imports the SDK as an app would (`@novavms/sdk`); inside
 * this repository that name points at the SDK's sources.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: { '@novavms/sdk': fileURLToPath(new URL('../../src/index.ts', import.meta.url)) },
  },
  server: { port: 5173, strictPort: true, host: 'localhost' },
  clearScreen: false,
});
