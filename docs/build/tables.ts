/**
 * The tables of the guides, rendered from generated/contract.ts and the bundled spec at
 * docs build time, so that no lifetime, status or error code in the docs is typed by hand.
 */
import type { lifetimes as contractLifetimes } from '../../generated/contract.js';
import { humanDuration } from './duration.js';
import { code, markdownTable } from './markdown.js';

/** One credential's lifetime as generated/contract.ts states it (seconds; null: no expiry). */
export interface Lifetime {
  readonly defaultSeconds: number | null;
  readonly rememberMeSeconds: number | null;
  readonly revocable: boolean;
  readonly rotation?: string;
  readonly reuse?: string;
  readonly expiresAt?: string;
}

/** One error code as generated/contract.ts states it. */
export interface ErrorEntry {
  readonly status: number;
  readonly title: string;
  readonly meaning: string;
  readonly action: string;
}

type SchemeName = keyof typeof contractLifetimes;

/**
 * How the docs name each credential, in the order the source page lists them. Typed by
 * scheme name so that a scheme added to the contract fails type checking until it has a row.
 */
const CREDENTIALS: Record<
  SchemeName,
  { order: number; label: (cookieName: string) => string; what: (cookieName: string) => string }
> = {
  UserAccessToken: {
    order: 1,
    label: () => 'Access token (JWT)',
    what: () => 'A signed JWT, checked without a database lookup.',
  },
  RefreshToken: {
    order: 2,
    label: () => 'Refresh token (API clients)',
    what: () =>
      'Opaque; the server stores only its hash. Returned in the body of login and refresh, sent as a bearer credential.',
  },
  RefreshCookie: {
    order: 3,
    label: () => 'Refresh cookie (browser clients)',
    what: (cookieName) =>
      `The refresh token in the HttpOnly cookie ${code(cookieName)}; a session cookie unless ${code('remember_me')} is true.`,
  },
  ServiceAccountKey: {
    order: 4,
    label: () => 'Service-account API key',
    what: () => 'Opaque; the server stores only its hash. Not tied to a login or a session.',
  },
};

function lifetimeNotes(lifetime: Lifetime): string[] {
  const notes: string[] = [];
  if (lifetime.rotation === 'every-refresh') notes.push('Rotated on every refresh.');
  if (lifetime.reuse === 'revoke-session') notes.push('Presenting a rotated one again ends the whole session.');
  if (!lifetime.revocable) notes.push('Stateless: it cannot be revoked before it expires.');
  else if (lifetime.expiresAt === 'optional') {
    notes.push(`Revoke it in the admin UI or the API, or give it an explicit ${code('expires_at')} when you mint it.`);
  } else notes.push('Logout revokes it.');
  return notes;
}

/**
 * The lifetimes table: every security scheme of `lifetimes` with its default lifetime and
 * its lifetime with `remember_me: true`, in words. Fails on a scheme it has no name for.
 */
export function lifetimesTable(lifetimes: Readonly<Record<string, Lifetime>>, cookieName: string): string {
  const schemes = Object.keys(lifetimes);
  const unknown = schemes.filter((scheme) => !(scheme in CREDENTIALS));
  if (unknown.length > 0) throw new Error(`the lifetimes table has no name for the scheme(s) ${unknown.join(', ')}`);
  const rows = schemes
    .map((scheme) => ({ scheme, lifetime: lifetimes[scheme]!, credential: CREDENTIALS[scheme as SchemeName] }))
    .sort((a, b) => a.credential.order - b.credential.order)
    .map(({ scheme, lifetime, credential }) => [
      credential.label(cookieName),
      code(scheme),
      humanDuration(lifetime.defaultSeconds),
      // A service-account key is not a login, so remember_me does not apply to it.
      lifetime.defaultSeconds === null && lifetime.rememberMeSeconds === null
        ? '—'
        : humanDuration(lifetime.rememberMeSeconds),
      [credential.what(cookieName), ...lifetimeNotes(lifetime)].join(' '),
    ]);
  return markdownTable(
    ['Credential', 'Scheme', 'Default lifetime', `With ${code('remember_me: true')}`, 'Notes'],
    rows,
  );
}

/**
 * The error table: every code of `ErrorCode`, in the order of the enum, with its status,
 * what it means and what a client should do. Fails when the spec's enum and the contract
 * constants disagree (which would mean generated/ was edited by hand).
 */
export function errorsTable(codes: readonly string[], errors: Readonly<Record<string, ErrorEntry>>): string {
  const missing = codes.filter((name) => !(name in errors));
  const extra = Object.keys(errors).filter((name) => !codes.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `ErrorCode and x-novavms-errors disagree: missing ${missing.join(', ') || 'none'}, extra ${extra.join(', ') || 'none'}`,
    );
  }
  const rows = codes.map((name) => {
    const entry = errors[name]!;
    return [`${code(name)} (${entry.title})`, String(entry.status), entry.meaning, entry.action];
  });
  return markdownTable(['Code', 'Status', 'Meaning', 'What to do'], rows);
}

/** A security scheme as the bundled spec states it (the fields the docs show). */
export interface SecurityScheme {
  readonly type: string;
  readonly scheme?: string;
  readonly bearerFormat?: string;
  readonly in?: string;
  readonly name?: string;
  readonly 'x-novavms-csrf'?: { readonly header: string; readonly value: string };
}

function howSent(scheme: SecurityScheme): string {
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') {
    return `${code(`Authorization: Bearer ${scheme.bearerFormat ?? '…'}`)}`;
  }
  if (scheme.type === 'apiKey' && scheme.in === 'cookie' && scheme.name) {
    const csrf = scheme['x-novavms-csrf'];
    return `Cookie ${code(scheme.name)}${csrf ? `, with the header ${code(`${csrf.header}: ${csrf.value}`)}` : ''}`;
  }
  if (scheme.type === 'apiKey' && scheme.name) return `${scheme.in ?? 'header'} ${code(scheme.name)}`;
  throw new Error(`the docs do not know how to describe a security scheme of type ${scheme.type}`);
}

/**
 * The security schemes of the spec: how each credential is sent, its lifetime, and which
 * operations accept it (from the operations' security requirements).
 */
export function securitySchemesTable(
  schemes: Readonly<Record<string, SecurityScheme>>,
  lifetimes: Readonly<Record<string, Lifetime>>,
  operations: Readonly<
    Record<
      string,
      {
        readonly method: string;
        readonly path: string;
        readonly security: readonly Readonly<Record<string, readonly string[]>>[];
      }
    >
  >,
): string {
  const rows = Object.entries(schemes).map(([name, scheme]) => {
    const lifetime = lifetimes[name];
    if (!lifetime) throw new Error(`the security scheme ${name} has no lifetime in the contract`);
    const life =
      lifetime.rememberMeSeconds === lifetime.defaultSeconds || lifetime.rememberMeSeconds === null
        ? humanDuration(lifetime.defaultSeconds)
        : `${humanDuration(lifetime.defaultSeconds)} (${humanDuration(lifetime.rememberMeSeconds)} with ${code('remember_me')})`;
    const accepted = Object.values(operations).filter((op) => op.security.some((requirement) => name in requirement));
    return [code(name), howSent(scheme), life, String(accepted.length)];
  });
  return markdownTable(['Scheme', 'Sent as', 'Lifetime', 'Operations that accept it'], rows);
}

/** The roles of each credential type and the scopes each role grants, from `x-novavms-roles`. */
export function rolesTable(roles: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>): string {
  const rows = Object.entries(roles).flatMap(([scheme, byRole]) =>
    Object.entries(byRole).map(([role, scopes]) => [code(scheme), code(role), scopes.map(code).join(', ')]),
  );
  return markdownTable(['Credential', 'Role', 'Scopes it grants'], rows);
}

/** One operation's request quota as generated/contract.ts states it. */
export interface QuotaEntry {
  readonly windowSeconds: number;
  readonly requests: Readonly<Record<string, number>>;
}

/** The policies of a quota, in the order of the table's columns, with their headings. */
const QUOTA_COLUMNS: readonly (readonly [string, string])[] = [
  ['sk_live', `${code('sk_live_')} key`],
  ['sk_test', `${code('sk_test_')} key`],
  ['user', 'User access token'],
  ['unauthenticated', 'No valid credential (per client address)'],
];

/**
 * The quotas table: every operation of `quotas` with its method and path, and the requests
 * each kind of credential may send in its window ("—" where the operation does not take that
 * credential). Fails on a policy it has no column for.
 */
export function quotasTable(
  quotas: Readonly<Record<string, QuotaEntry>>,
  operations: Readonly<Record<string, { readonly method: string; readonly path: string }>>,
): string {
  const known = new Set(QUOTA_COLUMNS.map(([policy]) => policy));
  const rows = Object.entries(quotas).map(([operationId, quota]) => {
    const unknown = Object.keys(quota.requests).filter((policy) => !known.has(policy));
    if (unknown.length > 0) throw new Error(`the quotas table has no column for the policy ${unknown.join(', ')}`);
    const op = operations[operationId];
    if (!op) throw new Error(`the quotas table names the unknown operation ${operationId}`);
    return [
      `${code(operationId)} (${code(`${op.method} ${op.path}`)})`,
      ...QUOTA_COLUMNS.map(([policy]) => {
        const n = quota.requests[policy];
        return n === undefined ? '—' : `${n} per ${humanDuration(quota.windowSeconds)}`;
      }),
    ];
  });
  return markdownTable(['Operation', ...QUOTA_COLUMNS.map(([, heading]) => heading)], rows);
}
