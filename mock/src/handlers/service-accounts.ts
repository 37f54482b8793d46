/** `listServiceAccounts` and `createServiceAccount`, for admins and owners. */
import type { components } from '../../../generated/schema.js';
import type { Handler } from '../context.js';
import { afterId, pageOf } from '../pagination.js';
import { randomBase62 } from '../random.js';
import type { ServiceAccountRow } from '../store/rows.js';
import { serviceAccountView } from '../views.js';
import { principalOf } from './request-parts.js';

type CreateRequest = components['schemas']['ServiceAccountCreateRequest'];

/** Handles `GET /api/v1/service-accounts`. */
export const listServiceAccounts: Handler = (ctx, req) => {
  const p = principalOf(req);
  const limit = req.query.limit as number;
  const rows = ctx.store.serviceAccounts.page(p.orgId, afterId(req.query.cursor), limit + 1);
  return { body: pageOf(rows, limit, (row) => row.id, serviceAccountView) };
};

/** Handles `POST /api/v1/service-accounts`. */
export const createServiceAccount: Handler = (ctx, req) => {
  const p = principalOf(req);
  const body = req.body as CreateRequest;
  const row: ServiceAccountRow = {
    id: `sa_${randomBase62(12)}`,
    org_id: p.orgId,
    name: body.name,
    description: body.description ?? null,
    role: body.role,
    created_at: ctx.clock.nowMs(),
  };
  ctx.store.transaction(() => {
    ctx.store.serviceAccounts.insert(row);
    ctx.audit.record(p.orgId, 'service_account.created', p.id, row.id);
  });
  return { body: serviceAccountView(row) };
};
