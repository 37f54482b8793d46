/**
 * Documented responses that no client can provoke from outside, each with the reason. The
 * coverage gate accepts these unseen; every other documented response must be exercised.
 * `holds` re-checks the reason against the contract, so that an entry goes stale loudly
 * (test/contract/unreachable.test.ts) instead of hiding a gap.
 */
import { type OperationId, operations, roles } from '../../generated/contract.js';

/** A documented response that cannot be reached from outside. */
export interface UnreachableResponse {
  operationId: OperationId;
  status: number;
  reason: string;
  /** True while the reason is still true of generated/contract.ts. */
  holds(): boolean;
}

/** True when every role of every credential the operation accepts grants all scopes it requires. */
function everyRoleGrantsTheScopes(operationId: OperationId): boolean {
  return operations[operationId].security.every((requirement) =>
    Object.entries(requirement).every(([scheme, needed]) => {
      const granted = roles[scheme as keyof typeof roles];
      return (
        granted !== undefined &&
        Object.values(granted).every((scopes) =>
          (needed as readonly string[]).every((s) => (scopes as readonly string[]).includes(s)),
        )
      );
    }),
  );
}

const noRoleLacksTheScope =
  'every role of every credential type the operation accepts grants the scope it requires (x-novavms-roles), so no valid credential can be refused with 403';

/** Every operation that documents `status`. */
const documenting = (status: number) =>
  (Object.keys(operations) as OperationId[]).filter((id) =>
    (operations[id].statuses as readonly number[]).includes(status),
  );

/** The server's own failures: documented on every operation, provoked by no request. */
const serverFailures: UnreachableResponse[] = [
  ...documenting(500).map((operationId) => ({
    operationId,
    status: 500,
    reason: 'INTERNAL_ERROR is documented so that clients know its shape; no request is meant to cause it',
    holds: () => (operations[operationId].statuses as readonly number[]).includes(500),
  })),
  ...documenting(503).map((operationId) => ({
    operationId,
    status: 503,
    reason: 'SERVICE_UNAVAILABLE comes while the server shuts down or is overloaded, which no client brings about',
    holds: () => (operations[operationId].statuses as readonly number[]).includes(503),
  })),
];

/** The list the coverage gate reads. */
export const unreachableResponses: readonly UnreachableResponse[] = [
  ...serverFailures,
  {
    operationId: 'listCameras',
    status: 403,
    reason: noRoleLacksTheScope,
    holds: () => everyRoleGrantsTheScopes('listCameras'),
  },
  {
    operationId: 'getCamera',
    status: 403,
    reason: noRoleLacksTheScope,
    holds: () => everyRoleGrantsTheScopes('getCamera'),
  },
];
