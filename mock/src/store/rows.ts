/** Row shapes of the server's tables, as the stores read and write them. */
import type { KeyMode } from '../auth/api-key-format.js';

/** A user of an organisation. */
export interface UserRow {
  id: string;
  org_id: string;
  email: string;
  email_key: string;
  name: string;
  role: string;
  password_hash: string;
  disabled: number;
  created_at: number;
}

/** A camera of one environment of an organisation. */
export interface CameraRow {
  id: string;
  org_id: string;
  environment: string;
  name: string;
  site: string | null;
  status: string;
  created_at: number;
}

/** A service account. */
export interface ServiceAccountRow {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  role: string;
  created_at: number;
}

/**
 * An API key; `key_hash` is the SHA-256 digest of the secret, `last4` its last characters,
 * `replaced_by` the key that a rotation put in its place.
 */
export interface ApiKeyRow {
  seq: number;
  id: string;
  service_account_id: string;
  name: string | null;
  mode: KeyMode;
  key_hash: Buffer;
  last4: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  replaced_by: string | null;
}

/** An API key joined with what a request authenticated by it needs. */
export interface ApiKeyCredentialRow {
  id: string;
  mode: KeyMode;
  expires_at: number | null;
  revoked_at: number | null;
  service_account_id: string;
  org_id: string;
  role: string;
  service_account_name: string;
}

/** A login session. */
export interface SessionRow {
  id: string;
  user_id: string;
  remember_me: number;
  user_agent_hash: Buffer;
  created_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

/** A refresh token joined with its session. */
export interface RefreshTokenRow {
  seq: number;
  token_hash: Buffer;
  session_id: string;
  issued_at: number;
  expires_at: number;
  used_at: number | null;
  user_id: string;
  remember_me: number;
  user_agent_hash: Buffer;
  session_revoked_at: number | null;
}

/** One audit event. */
export interface AuditEventRow {
  seq: number;
  id: string;
  org_id: string;
  type: string;
  occurred_at: number;
  actor_id: string | null;
  target_id: string | null;
}
