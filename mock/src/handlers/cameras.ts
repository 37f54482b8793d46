/** `listCameras` and `getCamera`: the cameras of the credential's environment. */
import type { Handler } from '../context.js';
import { afterId, pageOf } from '../pagination.js';
import { ProblemError } from '../problem.js';
import { cameraView } from '../views.js';
import { principalOf } from './request-parts.js';

/** Handles `GET /api/v1/cameras`. */
export const listCameras: Handler = (ctx, req) => {
  const p = principalOf(req);
  const limit = req.query.limit as number;
  const rows = ctx.store.cameras.page(p.orgId, p.environment, afterId(req.query.cursor), limit + 1);
  return { body: pageOf(rows, limit, (row) => row.id, cameraView) };
};

/** Handles `GET /api/v1/cameras/{camera_id}`. */
export const getCamera: Handler = (ctx, req) => {
  const p = principalOf(req);
  const row = ctx.store.cameras.byId(p.orgId, p.environment, req.params.camera_id!);
  if (!row) throw new ProblemError('NOT_FOUND', 'No camera with this identifier in this environment.');
  return { body: cameraView(row) };
};
