/** The masker of workflow runs: what respect prints unmasked never gets through it. */
import { describe, expect, test } from 'vitest';
import { createMasker, lineMasker } from '../../tools/workflows/mask.js';

const refresh = 'rt_OGITTuEDWFwveJALHg5xQKWQHLnqXa0IldSstjyjTOc';
const key = 'sk_test_DEMO0TEST0KEY0FOR0LOCAL0MOCK00000ed00m';
const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const mask = createMasker(['pa"ss wörd,=1', 'CorrectHorseBattery!']);

describe('createMasker', () => {
  test.each([
    ['a refresh token in a body', `"refresh_token": "${refresh}"`, '"refresh_token": "[redacted]"'],
    ['an API key in a body', `"secret": "${key}"`, '"secret": "[redacted]"'],
    ['a JWT in a header dump', `authorization: Bearer ${jwt}`, 'authorization: Bearer [redacted]'],
    ['a bearer value of any shape', 'Authorization: Bearer opaque-value-42', 'Authorization: Bearer [redacted]'],
    [
      'a bearer value in a JSON report',
      '"authorization": "Bearer opaque-value-42"',
      '"authorization": "Bearer [redacted]"',
    ],
    ['an access token of any shape in JSON', '"access_token": "abc"', '"access_token": "[redacted]"'],
    ['the refresh cookie', `__Host-novavms_refresh=${refresh}; Path=/`, '__Host-novavms_refresh=[redacted]; Path=/'],
    [
      'a cookie value of another shape',
      '__Host-novavms_refresh=AAAABBBBCCCC; Path=/',
      '__Host-novavms_refresh=[redacted]; Path=/',
    ],
    ['a known password as is', 'password CorrectHorseBattery! sent', 'password [redacted] sent'],
    ['a known password inside a JSON string', 'x "pa\\"ss wörd,=1" y', 'x "[redacted]" y'],
    ['a known password URL-encoded', `q=${encodeURIComponent('pa"ss wörd,=1')}`, 'q=[redacted]'],
  ])('masks %s', (_what, text, masked) => {
    expect(mask(text)).toBe(masked);
  });

  test('leaves what names no secret alone, the criteria that describe a cookie included', () => {
    const text =
      '✓ success criteria check - ^__Host-novavms_refresh=rt_[A-Za-z0-9_-]+; Path=/; Secure\n"expires_in": 3600, "code": "SESSION_MISMATCH"';
    expect(mask(text)).toBe(text);
  });
});

describe('lineMasker', () => {
  test('masks a token split across two chunks', () => {
    let written = '';
    const stream = lineMasker(mask, (text) => (written += text));
    stream.push(`first line\nauthorization: Bearer ${refresh.slice(0, 10)}`);
    stream.push(`${refresh.slice(10)}\nlast`);
    stream.flush();
    expect(written).toBe('first line\nauthorization: Bearer [redacted]\nlast');
  });
});
