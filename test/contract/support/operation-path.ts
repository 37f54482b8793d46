/**
 * Request paths built from generated/contract.ts, so that no test writes a path by hand:
 * `pathOf('getCamera', { camera_id: 'cam_x' }, { limit: 2 })`.
 */
import { type OperationId, operations } from '../../../generated/contract.js';

/** The path of an operation with its parameters filled in (URI-encoded) and an optional query. */
export function pathOf(
  operationId: OperationId,
  params: Record<string, string> = {},
  query: Record<string, string | number> = {},
): string {
  const path = operations[operationId].path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${operationId} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return search ? `${path}?${search}` : path;
}
