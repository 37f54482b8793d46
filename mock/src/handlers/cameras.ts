/** `listCameras` and `getCamera`: the cameras of the credential's environment. */
import type { Handler } from '../context.js';
import { afterId, pageOf } from '../pagination.js';
import { ProblemError } from '../problem.js';
import { cameraView } from '../views.js';
import { principalOf } from './request-parts.js';

/** Handles `GET /api/v1/cameras`. Cameras never change, so each page is serialised once. */
export const listCameras: Handler = (ctx, req) => {
  const p = principalOf(req);
  const limit = req.query.limit as number;
  const after = afterId(req.query.cursor);
  const cameras = ctx.store.cameras;
  const json = cameras.memo(`${p.orgId} ${p.environment} ${after} ${limit}`, () =>
    JSON.stringify(pageOf(cameras.page(p.orgId, p.environment, after, limit + 1), limit, (row) => row.id, cameraView)),
  );
  return { json };
};

/** Handles `GET /api/v1/cameras/{camera_id}`. */
export const getCamera: Handler = (ctx, req) => {
  const p = principalOf(req);
  const row = ctx.store.cameras.byId(p.orgId, p.environment, req.params.camera_id!);
  if (!row) throw new ProblemError('NOT_FOUND', 'No camera with this identifier in this environment.');
  return { body: cameraView(row) };
};
