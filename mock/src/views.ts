/** Rows as the contract's response schemas show them (`Camera`, `ApiKey`, …). */
import { roles } from '../../generated/contract.js';
import type { components } from '../../generated/schema.js';
import { maskedKey } from './auth/api-key-format.js';
import type { ApiKeyRow, AuditEventRow, CameraRow, ServiceAccountRow } from './store/rows.js';

type Schemas = components['schemas'];

/** An RFC 3339 instant in UTC. */
function timestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** `Camera`. */
export function cameraView(row: CameraRow): Schemas['Camera'] {
  const view: Schemas['Camera'] = {
    id: row.id,
    name: row.name,
    status: row.status as Schemas['Camera']['status'],
    environment: row.environment as Schemas['Environment'],
    created_at: timestamp(row.created_at),
  };
  if (row.site !== null) view.site = row.site;
  return view;
}

/** The scopes a service-account role grants. */
function serviceAccountScopes(role: string): Schemas['Scope'][] {
  return [...(roles.ServiceAccountKey[role as keyof typeof roles.ServiceAccountKey] ?? [])];
}

/** `ServiceAccount`. */
export function serviceAccountView(row: ServiceAccountRow): Schemas['ServiceAccount'] {
  const view: Schemas['ServiceAccount'] = {
    id: row.id,
    name: row.name,
    role: row.role as Schemas['ServiceAccountRole'],
    scopes: serviceAccountScopes(row.role),
    created_at: timestamp(row.created_at),
  };
  if (row.description !== null) view.description = row.description;
  return view;
}

/** Whether a key authenticates at `nowMs`: revocation is final, expiry follows the clock. */
export function keyStatus(
  row: Pick<ApiKeyRow, 'revoked_at' | 'expires_at'>,
  nowMs: number,
): Schemas['ApiKey']['status'] {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at !== null && row.expires_at <= nowMs) return 'expired';
  return 'active';
}

/** `ApiKey`: never the secret, only the masked form. */
export function apiKeyView(row: Omit<ApiKeyRow, 'seq' | 'key_hash'>, nowMs: number): Schemas['ApiKey'] {
  const view: Schemas['ApiKey'] = {
    id: row.id,
    service_account_id: row.service_account_id,
    mode: row.mode,
    masked: maskedKey(row.mode, row.last4),
    status: keyStatus(row, nowMs),
    created_at: timestamp(row.created_at),
    expires_at: row.expires_at === null ? null : timestamp(row.expires_at),
    revoked_at: row.revoked_at === null ? null : timestamp(row.revoked_at),
  };
  if (row.name !== null) view.name = row.name;
  return view;
}

/** `AuditEvent`. */
export function auditEventView(row: AuditEventRow): Schemas['AuditEvent'] {
  return {
    id: row.id,
    type: row.type as Schemas['AuditEvent']['type'],
    occurred_at: timestamp(row.occurred_at),
    actor_id: row.actor_id,
    target_id: row.target_id,
  };
}
