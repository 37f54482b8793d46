/** `listAuditEvents`: the organisation's security trail, newest first (production-only). */
import type { Handler } from '../context.js';
import { beforeSeq, pageOf } from '../pagination.js';
import { auditEventView } from '../views.js';
import { principalOf } from './request-parts.js';

/** Handles `GET /api/v1/audit-events`. */
export const listAuditEvents: Handler = (ctx, req) => {
  const p = principalOf(req);
  const limit = req.query.limit as number;
  const rows = ctx.store.audit.page(p.orgId, beforeSeq(req.query.cursor), limit + 1);
  return { body: pageOf(rows, limit, (row) => row.seq, auditEventView) };
};
