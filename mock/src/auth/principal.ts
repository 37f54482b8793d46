/** Who a request acts as, once its credential has been checked. */
import type { KeyMode } from './api-key-format.js';

/** A user (access token) or a service account (API key), with its environment and scopes. */
export interface Principal {
  kind: 'user' | 'service_account';
  /** `usr_…` or `sa_…`. */
  id: string;
  orgId: string;
  environment: KeyMode;
  role: string;
  scopes: readonly string[];
  /** The key a service account authenticated with. */
  keyId?: string;
  /** The login session of an access token. */
  sessionId?: string;
}
