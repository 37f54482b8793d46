/** The handler of every operationId of the contract. */
import type { HandlerTable } from '../context.js';
import { listAuditEvents } from './audit-events.js';
import { getCamera, listCameras } from './cameras.js';
import { getCurrentPrincipal } from './get-current-principal.js';
import { getJsonWebKeySet } from './get-json-web-key-set.js';
import { loginWithPassword } from './login-with-password.js';
import { logoutSession } from './logout-session.js';
import { refreshSession } from './refresh-session.js';
import {
  createServiceAccountKey,
  listServiceAccountKeys,
  revokeServiceAccountKey,
  rotateServiceAccountKey,
} from './service-account-keys.js';
import { createServiceAccount, listServiceAccounts } from './service-accounts.js';

/** operationId → handler; the type makes a missing handler a compile error. */
export const handlers: HandlerTable = {
  loginWithPassword,
  refreshSession,
  logoutSession,
  getJsonWebKeySet,
  getCurrentPrincipal,
  listCameras,
  getCamera,
  listAuditEvents,
  listServiceAccounts,
  createServiceAccount,
  listServiceAccountKeys,
  createServiceAccountKey,
  revokeServiceAccountKey,
  rotateServiceAccountKey,
};
