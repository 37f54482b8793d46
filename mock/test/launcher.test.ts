/**
 * The reference server as the suites start it (tools/reference-server.ts): on a port the system
 * picks, found from the banner, so that servers started at once never race for a port.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildReferenceServer,
  listeningUrl,
  type RunningServer,
  startReferenceServer,
} from '../../tools/reference-server.js';

describe('the port of a server started on port 0', () => {
  it('is read from a whole banner line only', () => {
    const banner = 'NovaVMS reference server (contract 1.2.0) listening on http://localhost:43117\n';
    expect(listeningUrl(banner)).toBe('http://127.0.0.1:43117');
    // The line has not ended: the port may still be growing.
    expect(listeningUrl(banner.slice(0, -3))).toBeUndefined();
    expect(listeningUrl('listening on http://[::1]:4010\r\n')).toBe('http://[::1]:4010');
    expect(listeningUrl('Ready in 12 ms\n')).toBeUndefined();
  });

  const started: RunningServer[] = [];
  afterAll(() => Promise.all(started.map((server) => server.stop())));

  it('differs from server to server when several start at once, and each answers on its own', async () => {
    buildReferenceServer();
    started.push(...(await Promise.all([startReferenceServer(), startReferenceServer(), startReferenceServer()])));
    const urls = started.map((server) => server.url);
    expect(new Set(urls).size).toBe(3);
    for (const url of urls) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/.well-known/jwks.json`)).status).toBe(200);
    }
  });
});
