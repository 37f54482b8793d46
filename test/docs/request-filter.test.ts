import { describe, expect, it } from 'vitest';
import { browserStatus } from '../support/chromium.js';
import { isLocalUrl, remoteUrls } from './support/request-filter.js';

describe('the request filter of the offline check', () => {
  it.each([
    'http://127.0.0.1:4010/docs',
    'http://localhost:4010/docs',
    'http://127.8.9.10/x',
    'http://[::1]:4010/docs',
    'http://docs.localhost/x',
    'ws://127.0.0.1:4010/socket',
    'file:///work/main/docs/dist/index.html',
    'data:image/svg+xml;base64,PHN2Zz4=',
    'blob:http://127.0.0.1:4010/5c1f',
    'about:blank',
  ])('keeps %s on this machine', (url) => {
    expect(isLocalUrl(url)).toBe(true);
  });

  it.each([
    'https://cdn.redoc.ly/redoc/logo-mini-full.svg',
    'https://otel.cloud.redocly.com/v1/traces',
    'https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js',
    'https://fonts.googleapis.com/css?family=Roboto',
    'http://localhost.example.com/x',
    'http://127.0.0.1.nip.io/x',
    'http://10.0.0.5/x',
    'http://192.168.1.2/x',
    'ftp://127.0.0.1/x',
    'not a url',
  ])('counts %s as leaving this machine', (url) => {
    expect(isLocalUrl(url)).toBe(false);
  });

  it('lists each remote URL once, in order, and nothing local', () => {
    expect(
      remoteUrls([
        'http://127.0.0.1:4010/docs',
        'https://cdn.redoc.ly/redoc/logo-mini-full.svg',
        'https://otel.cloud.redocly.com/v1/traces',
        'https://cdn.redoc.ly/redoc/logo-mini-full.svg',
        'data:,',
      ]),
    ).toEqual(['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://otel.cloud.redocly.com/v1/traces']);
    expect(remoteUrls(['http://127.0.0.1:4010/docs', 'file:///tmp/index.html'])).toEqual([]);
  });
});

describe('browserStatus: what happens without Chromium', () => {
  it('runs when Chromium is there, without a word', () => {
    const warnings: string[] = [];
    expect(browserStatus('docs browser test', { env: {}, exists: () => true, warn: (m) => warnings.push(m) })).toEqual({
      run: true,
      reason: '',
    });
    expect(warnings).toEqual([]);
  });

  it('skips loudly, saying how to install it, when Chromium is missing locally', () => {
    const warnings: string[] = [];
    const status = browserStatus('docs browser test', { env: {}, exists: () => false, warn: (m) => warnings.push(m) });
    expect(status.run).toBe(false);
    expect(status.reason).toContain('apt-get install -y chromium');
    expect(warnings.join('')).toMatch(/SKIPPED: .*docs browser test.*apt-get install -y chromium/s);
  });

  it('fails instead of skipping under REQUIRE_BROWSER=1', () => {
    expect(() =>
      browserStatus('docs browser test', { env: { REQUIRE_BROWSER: '1' }, exists: () => false, warn: () => {} }),
    ).toThrow(/REQUIRE_BROWSER=1.*apt-get install -y chromium/);
  });
});
