/**
 * The guides (docs/guides/*.md) against the contract and the source page: nothing typed by
 * hand may disagree with generated/, and every fact of the source page is in them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { docsDir } from '../../docs/build/build.js';
import { type Guide, readGuides } from '../../docs/build/guides.js';
import { docsSpec } from '../../docs/build/spec.js';
import { type DocsSpec, docsValues } from '../../docs/build/values.js';
import { errorCodes, errors, operations } from '../../generated/contract.js';
import { spec } from '../support/openapi.js';

let guides: Guide[];
let sources: string;
let rendered: string;

beforeAll(async () => {
  guides = await readGuides(path.join(docsDir, 'guides'));
  sources = guides.map((guide) => guide.markdown).join('\n\n');
  rendered = docsSpec(spec as DocsSpec, guides, docsValues(spec as DocsSpec)).info.description ?? '';
});

/** Where in the guides a pattern matches, for a useful failure message. */
function findings(pattern: RegExp, text = sources): string[] {
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

describe('the guides never state by hand what the contract says', () => {
  it('type no lifetime or duration: those come from placeholders', () => {
    const units = '(?:second|minute|hour|day|week|month|year)s?';
    expect(
      findings(new RegExp(`\\b(?:\\d+|one|two|three|five|seven|ten|fifteen|thirty|sixty)[ -]${units}\\b`, 'gi')),
    ).toEqual([]);
  });

  it('type no table of lifetimes or errors: those are generated', () => {
    expect(sources).toContain('<!-- novavms:lifetimes-table -->');
    expect(sources).toContain('<!-- novavms:errors-table -->');
    expect(findings(/\|\s*`?(?:UserAccessToken|RefreshToken|ServiceAccountKey)`?\s*\|.*\|/g)).toEqual([]);
  });

  it('name only error codes that exist', () => {
    const named = new Set(
      findings(/(?<![$\w])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g).filter(
        (word) => !/^(NOVAVMS|REDOCLY|REQUIRE)_/.test(word),
      ),
    );
    expect([...named].filter((code) => !(errorCodes as readonly string[]).includes(code))).toEqual([]);
    expect(named.size).toBeGreaterThan(10);
  });

  it('pair each status with the code the contract gives it ("401 SESSION_MISMATCH")', () => {
    const pairs = [...sources.matchAll(/\b([1-5]\d\d) ([A-Z][A-Z_]+)\b/g)].map((m) => [m[1], m[2]] as const);
    expect(pairs.length).toBeGreaterThan(10);
    const wrong = pairs.filter(([status, code]) => String(errors[code as keyof typeof errors]?.status) !== status);
    expect(wrong).toEqual([]);
  });

  it('name only operations that exist ("POST /api/auth/login")', () => {
    const known = new Set(Object.values(operations).map((op) => `${op.method} ${op.path}`));
    const named = findings(/\b(?:GET|POST|PUT|PATCH|DELETE) \/[^\s`),;]*/g).filter(
      (text) => !/ \/(?:__mock|docs)\b/.test(text),
    );
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((text) => !known.has(text))).toEqual([]);
  });

  it('use only placeholders that the build knows', () => {
    const known = docsValues(spec as DocsSpec);
    const used = [
      ...findings(/<!--\s*novavms:([a-z0-9.-]+)\s*-->/gi),
      ...findings(/\{\{\s*[A-Za-z0-9.-]+\s*\}\}/g),
    ].map((p) => p.replace(/^<!--\s*novavms:|\s*-->$|^\{\{\s*|\s*\}\}$/g, ''));
    expect(used.filter((name) => !(name in known))).toEqual([]);
  });
});

// Every sentence of the source page ("Authenticate to the API") and the decisions of DESIGN,
// each as a pattern that the rendered guides must contain.
const FACTS: [fact: string, pattern: RegExp][] = [
  ['two credential types on /api/v1/*', /`\/api\/v1\/\*`[\s\S]*service-account API key[\s\S]*user JWT access token/],
  ['both travel in Authorization: Bearer', /`Authorization: Bearer …`/],
  [
    'the TypeScript client @novavms/sdk >= 1.0.0 takes the key',
    /`@novavms\/sdk`, version 1\.0\.0 and later, takes\s+the key as `createClient\(\{ apiKey: 'sk_live_abc123' \}\)`/,
  ],
  [
    'the Python client novavms >= 1.0.0 takes the key',
    /Python client `novavms`, version 1\.0\.0 and later, takes it as\s+`Client\(api_key="sk_live_abc123"\)` after `from novavms import Client`/,
  ],
  ['pick one per integration, do not mix', /one of them for each integration and use only that one/],
  [
    'a key is a non-human caller with a fixed role and scope',
    /not a person\. It has one fixed role, and so a fixed\s+set of scopes/,
  ],
  ['a key does not expire on a timer and carries no session', /carry no session and do not run out on a\s+timer/],
  ['ticketing bridges, SIEM collectors, backup exporters', /ticketing bridge, a SIEM collector, a backup exporter/],
  [
    'an admin or owner mints keys at /admin/service-accounts',
    /`admin` or `owner` mints keys in the admin UI, at\s+`\/admin\/service-accounts`/,
  ],
  ['the key is shown once; copy it into a secret store', /shows the secret once[\s\S]{0,80}secret store/],
  ['send the key in the Authorization header since v1.0', /header of every request\. This has worked\s+since v1\.0/],
  ['sk_live_ is production', /`sk_live_` is a production key/],
  [
    'sk_test_ is the sandbox and gets 404 on production-only resources',
    /`sk_test_` is a key of the organisation's sandbox\. It gets `404` from every\s+production-only operation/,
  ],
  ['the full prefix rules', /complete rules for\s+prefixes/],
  ['user JWT: a human signs in through your product', /person signs in through your product/],
  [
    'email and password for a short-lived access token and a longer-lived refresh token',
    /short-lived access token \(a JWT\) and a longer-lived refresh token/,
  ],
  ['login at POST /api/auth/login since v1.0', /`POST \/api\/auth\/login`, which exists since\s+v1\.0/],
  [
    'client_type "api" returns the refresh token in the body instead of an HttpOnly cookie',
    /`"api"`: the refresh token comes back in the JSON body[\s\S]*`HttpOnly`/,
  ],
  ['cookies only help browser clients', /useful only to browser clients/],
  ['call the API with the access token', /Send the access token as the bearer credential/],
  [
    'refresh before the access token expires at POST /api/auth/refresh',
    /Refresh before the access token expires[\s\S]*`POST \/api\/auth\/refresh`/,
  ],
  [
    'the refresh token rotates on every refresh: store the new one, discard the old',
    /Every refresh rotates the refresh token[\s\S]*store\s+the new one and throw the old one away/,
  ],
  [
    'access token: 1 hour, stateless, cannot be revoked',
    /\| Access token \(JWT\) \| `UserAccessToken` \| 1 hour \| 1 hour \|[^\n]*cannot be revoked before it expires/,
  ],
  [
    'refresh token: 7 days, 30 with remember_me, opaque, stored hashed, rotated',
    /\| Refresh token \(API clients\) \| `RefreshToken` \| 7 days \| 30 days \| Opaque; the server stores only its hash[^\n]*Rotated on every refresh/,
  ],
  [
    'API key: no expiry; revoke in the admin UI or set expires_at',
    /\| Service-account API key \| `ServiceAccountKey` \| no expiry \|[^\n]*admin UI[^\n]*`expires_at`/,
  ],
  [
    'refresh tokens are bound to the User-Agent captured at login',
    /bound to the `User-Agent` string of the request that logged in/,
  ],
  [
    'another User-Agent: 401 SESSION_MISMATCH and the user must log in again',
    /`401 SESSION_MISMATCH`, the\s+session is revoked, and the person has to log in again/,
  ],
  [
    'no IP binding: mobile clients, VPN users, CGNAT; decision D-R2',
    /not\*\* bound to the client's IP address \(decision\s+D-R2\)[\s\S]*phone[\s\S]*VPN[\s\S]*CGNAT/,
  ],
  // DESIGN decisions.
  [
    'the four security schemes',
    /`ServiceAccountKey`[\s\S]*`UserAccessToken`[\s\S]*`RefreshToken`[\s\S]*`RefreshCookie`/,
  ],
  [
    'login body: client_type default web, remember_me default false, unknown fields 400',
    /`web` when left out[\s\S]*`false` when left out[\s\S]*Any other field is refused with `400 INVALID_REQUEST`/,
  ],
  [
    'the web refresh cookie and its attributes',
    /`__Host-novavms_refresh`, with `Secure; HttpOnly; SameSite=Strict; Path=\/`[\s\S]*`Max-Age` only when `remember_me` is true/,
  ],
  ['one identical 401 INVALID_CREDENTIALS', /same\s+`401 INVALID_CREDENTIALS`/],
  [
    'login rate limits with 429 and Retry-After',
    /per account \(5 failed logins in 15 minutes\) and per client address\s+\(50 failed logins in 15 minutes\)[\s\S]*`429 RATE_LIMITED`[\s\S]*`Retry-After`/,
  ],
  ['no-store on responses with tokens or keys', /`Cache-Control: no-store`/],
  [
    'JWT: ES256, kid, JWKS, typ, pinned algorithm, issuer, audience',
    /`at\+jwt`, signed with ES256; its `kid`[\s\S]*`\/\.well-known\/jwks\.json`[\s\S]*pins the algorithm, the issuer/,
  ],
  ['browser refresh: cookie plus the CSRF header, else 403', /`X-NovaVMS-CSRF: 1`[\s\S]*`403 CSRF_REJECTED`/],
  [
    'reuse detection revokes the session; one of concurrent refreshes wins',
    /`401 REFRESH_TOKEN_REUSED` and every token of that login is\s+revoked \(RFC 9700[\s\S]*exactly one of them succeeds/,
  ],
  [
    'the new refresh token keeps the session lifetime from its own issue time',
    /keeps the lifetime of the\s+session[\s\S]*counted from the moment it was issued/,
  ],
  [
    'logout revokes the refresh tokens, 204',
    /`POST \/api\/auth\/logout`[\s\S]*answers `204` and revokes every\s+refresh token of the session/,
  ],
  ['key format and checksum', /then a checksum of six base62\s+characters: the CRC-32 of everything before it/],
  [
    'key stored as a hash, listed masked',
    /keeps only a hash of it[\s\S]*masked form, the\s+prefix and the last four characters/,
  ],
  [
    'a service-account key cannot manage keys',
    /A service-account key can never\s+manage keys[\s\S]*`403 INSUFFICIENT_SCOPE`/,
  ],
  ['rotation with overlap, then API_KEY_EXPIRED', /`overlap_seconds`[\s\S]*At most 7 days[\s\S]*`401 API_KEY_EXPIRED`/],
  [
    'revocation takes effect on the next request',
    /The\s+very next request that presents the key gets `401 API_KEY_REVOKED`/,
  ],
  ['expires_at and expiry', /unless it was minted \(or rotated in\) with an `expires_at`/],
  [
    'test keys see the sandbox only; production-only operations answer 404',
    /Operations marked production-only[\s\S]*`404 NOT_FOUND`, exactly as if they did not exist\. Today that is\s+`GET \/api\/v1\/audit-events`/,
  ],
  [
    'errors are RFC 9457 problems with code and request_id',
    /RFC 9457 problem[\s\S]*`application\/problem\+json`[\s\S]*`code`[\s\S]*`request_id`/,
  ],
  [
    '401 challenges per RFC 6750',
    /`WWW-Authenticate: Bearer realm="novavms"`[\s\S]*`error="invalid_token"`[\s\S]*`error="insufficient_scope"`/,
  ],
  [
    'bad input: 400, 415, 413, 404, 405 with Allow',
    /`400 INVALID_REQUEST`[\s\S]*`415 UNSUPPORTED_MEDIA_TYPE`[\s\S]*`413 PAYLOAD_TOO_LARGE`[\s\S]*`404 NOT_FOUND`[\s\S]*`405 METHOD_NOT_ALLOWED`, with an `Allow` header/,
  ],
  [
    'npm start on :4010 with the demo credentials',
    /`npm start` runs the reference server on `http:\/\/localhost:4010`[\s\S]*`ops@example\.com` \| `CorrectHorseBattery!`[\s\S]*`viewer@example\.com`/,
  ],
  ['demo keys printed at start-up', /start-up banner prints the\s+demo logins and keys/],
  ['time travel and reset', /\/__mock\/clock[\s\S]*"advance": "PT1H"[\s\S]*\/__mock\/reset/],
  ['npm run mock: Prism on :4011', /`npm run mock` runs Prism on `http:\/\/localhost:4011`/],
  [
    'contract tests against your own server',
    /NOVAVMS_BASE_URL[\s\S]*NOVAVMS_EMAIL[\s\S]*NOVAVMS_PASSWORD[\s\S]*NOVAVMS_VIEWER_EMAIL[\s\S]*NOVAVMS_VIEWER_PASSWORD[\s\S]*npm run test:contract/,
  ],
];

describe('the guides cover the source page and the design', () => {
  it.each(FACTS)('%s', (_fact, pattern) => {
    expect(rendered).toMatch(pattern);
  });

  it('keep headings plain text, because the side menu drops inline code from them', () => {
    const prose = sources.replace(/^```[\s\S]*?^```/gm, '');
    expect(prose.split('\n').filter((line) => /^#{1,6} .*`/.test(line))).toEqual([]);
  });

  it('each guide is a file of docs/guides, opening with its title', () => {
    expect(guides.map((g) => [path.basename(g.file), g.title])).toEqual([
      ['01-authenticate-to-the-api.md', 'Authenticate to the API'],
      ['02-service-account-keys.md', 'Service-account keys'],
      ['03-errors.md', 'Errors'],
      ['04-local-development.md', 'Local development'],
    ]);
    for (const guide of guides) expect(readFileSync(guide.file, 'utf8').startsWith(`# ${guide.title}\n`)).toBe(true);
  });
});
