/**
 * The keys of a service account: list (masked), mint (secret shown once), revoke (effective
 * on the next request and final; twice is fine) and rotate (only an active key not rotated
 * yet: the old key revoked now, or kept alive for an overlap, after which it answers
 * `API_KEY_EXPIRED`; the store records which key replaced it).
 */
import type { components } from '../../../generated/schema.js';
import { type KeyMode, newApiKey } from '../auth/api-key-format.js';
import { digest } from '../auth/digest.js';
import type { Handler, HandlerRequest, ServerContext } from '../context.js';
import { beforeSeq, pageOf } from '../pagination.js';
import { ProblemError } from '../problem.js';
import { randomBase62 } from '../random.js';
import type { ApiKeyRow, ServiceAccountRow } from '../store/rows.js';
import { apiKeyView, keyStatus } from '../views.js';
import { NO_STORE, principalOf } from './request-parts.js';

type CreateRequest = components['schemas']['ApiKeyCreateRequest'];
type RotateRequest = components['schemas']['ApiKeyRotateRequest'];

function accountOf(ctx: ServerContext, req: HandlerRequest): ServiceAccountRow {
  const account = ctx.store.serviceAccounts.byId(principalOf(req).orgId, req.params.service_account_id!);
  if (!account) throw new ProblemError('NOT_FOUND', 'No service account with this identifier.');
  return account;
}

function keyOf(ctx: ServerContext, req: HandlerRequest): { account: ServiceAccountRow; key: ApiKeyRow } {
  const account = accountOf(ctx, req);
  const key = ctx.store.apiKeys.byId(account.id, req.params.key_id!);
  if (!key) throw new ProblemError('NOT_FOUND', 'No key with this identifier for this service account.');
  return { account, key };
}

/** The moment `expires_at` names, which must lie in the future. */
function futureInstant(ctx: ServerContext, value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (!(ms > ctx.clock.nowMs())) {
    throw new ProblemError('INVALID_REQUEST', 'expires_at must lie in the future.', {
      errors: [{ location: 'body', pointer: '/expires_at', message: 'must lie in the future' }],
    });
  }
  return ms;
}

/** Stores a new key and returns its row and secret (the only time the secret exists). */
function mint(
  ctx: ServerContext,
  accountId: string,
  mode: KeyMode,
  name: string | null,
  expiresAt: number | null,
): { row: Omit<ApiKeyRow, 'seq'>; secret: string } {
  const secret = newApiKey(mode);
  const row: Omit<ApiKeyRow, 'seq'> = {
    id: `key_${randomBase62(12)}`,
    service_account_id: accountId,
    name,
    mode,
    key_hash: digest(secret),
    last4: secret.slice(-4),
    created_at: ctx.clock.nowMs(),
    expires_at: expiresAt,
    revoked_at: null,
    replaced_by: null,
  };
  ctx.store.apiKeys.insert(row);
  return { row, secret };
}

/** Handles `GET /api/v1/service-accounts/{service_account_id}/keys`. */
export const listServiceAccountKeys: Handler = (ctx, req) => {
  const account = accountOf(ctx, req);
  const limit = req.query.limit as number;
  const now = ctx.clock.nowMs();
  const rows = ctx.store.apiKeys.page(account.id, beforeSeq(req.query.cursor), limit + 1);
  return {
    body: pageOf(
      rows,
      limit,
      (row) => row.seq,
      (row) => apiKeyView(row, now),
    ),
  };
};

/** Handles `POST /api/v1/service-accounts/{service_account_id}/keys`. */
export const createServiceAccountKey: Handler = (ctx, req) => {
  const p = principalOf(req);
  const account = accountOf(ctx, req);
  const body = req.body as CreateRequest;
  const expiresAt = futureInstant(ctx, body.expires_at);
  const { row, secret } = ctx.store.transaction(() => {
    const minted = mint(ctx, account.id, body.mode, body.name ?? null, expiresAt);
    ctx.audit.record(account.org_id, 'api_key.created', p.id, minted.row.id);
    return minted;
  });
  return { body: { key: apiKeyView(row, ctx.clock.nowMs()), secret }, headers: { ...NO_STORE } };
};

/** Handles `DELETE /api/v1/service-accounts/{service_account_id}/keys/{key_id}`. */
export const revokeServiceAccountKey: Handler = (ctx, req) => {
  const p = principalOf(req);
  const { account, key } = keyOf(ctx, req);
  if (key.revoked_at === null) {
    ctx.store.transaction(() => {
      ctx.store.apiKeys.revoke(key.id, ctx.clock.nowMs());
      ctx.audit.record(account.org_id, 'api_key.revoked', p.id, key.id);
    });
  }
  return {};
};

/** Why `key` cannot be rotated at `now`, or null when it can (it is active and not rotated yet). */
function whyNotRotatable(key: ApiKeyRow, now: number): string | null {
  if (key.replaced_by !== null) return `was already rotated (its replacement is ${key.replaced_by})`;
  const status = keyStatus(key, now);
  if (status === 'revoked') return 'is revoked';
  if (status === 'expired') return 'has expired';
  return null;
}

function notRotatable(key: ApiKeyRow, why: string): ProblemError {
  return new ProblemError('NOT_FOUND', `The key ${key.id} ${why}; only an active key can be rotated.`);
}

/**
 * Handles `POST /api/v1/service-accounts/{service_account_id}/keys/{key_id}/rotate`. Only an
 * active key that was not rotated before can be; otherwise 404 says why and nothing changes.
 */
export const rotateServiceAccountKey: Handler = (ctx, req) => {
  const p = principalOf(req);
  const { account, key } = keyOf(ctx, req);
  const body = (req.body ?? {}) as RotateRequest;
  const overlap = body.overlap_seconds ?? 0;
  const expiresAt = futureInstant(ctx, body.expires_at);
  const now = ctx.clock.nowMs();
  const why = whyNotRotatable(key, now);
  if (why !== null) throw notRotatable(key, why);
  const { row, secret } = ctx.store.transaction(() => {
    const minted = mint(ctx, account.id, key.mode, key.name, expiresAt);
    const superseded = ctx.store.apiKeys.supersede({
      id: key.id,
      replacedBy: minted.row.id,
      at: now,
      overlapEnd: overlap === 0 ? null : now + overlap * 1000,
    });
    // Another process rotated or revoked the key since it was read: undo the new key.
    if (!superseded) throw notRotatable(key, 'was changed by another request');
    ctx.audit.record(account.org_id, 'api_key.rotated', p.id, key.id);
    return minted;
  });
  const previous = ctx.store.apiKeys.byId(account.id, key.id)!;
  return {
    body: { key: apiKeyView(row, now), secret, previous_key: apiKeyView(previous, now) },
    headers: { ...NO_STORE },
  };
};
