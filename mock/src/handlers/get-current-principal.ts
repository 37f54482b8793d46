/** `getCurrentPrincipal`: who the credential belongs to; any valid credential may ask. */
import type { components } from '../../../generated/schema.js';
import type { Handler } from '../context.js';
import { principalOf } from './request-parts.js';

type PrincipalView = components['schemas']['Principal'];

/** Handles `GET /api/v1/me`. */
export const getCurrentPrincipal: Handler = (ctx, req) => {
  const p = principalOf(req);
  const view: PrincipalView = {
    kind: p.kind,
    id: p.id,
    org_id: p.orgId,
    environment: p.environment,
    role: p.role as PrincipalView['role'],
    scopes: [...p.scopes] as PrincipalView['scopes'],
  };
  if (p.kind === 'user') {
    const user = ctx.store.users.byId(p.id);
    if (user) {
      view.email = user.email;
      view.name = user.name;
    }
    if (p.sessionId !== undefined) view.session_id = p.sessionId;
  } else {
    const account = ctx.store.serviceAccounts.byId(p.orgId, p.id);
    if (account) view.name = account.name;
    if (p.keyId !== undefined) view.key_id = p.keyId;
  }
  return { body: view };
};
