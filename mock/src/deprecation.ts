/**
 * The headers a deprecated operation answers with, from its `x-novavms-deprecation`:
 * `Deprecation` (RFC 9745, the structured-field date it was announced) and `Sunset`
 * (RFC 8594, the HTTP-date from which it may be gone).
 */
import type { OperationId, operations } from '../../generated/contract.js';

type DeprecationInfo = (typeof operations)[OperationId]['deprecation'];

/** Midnight UTC of an RFC 3339 full-date. */
function dayStart(date: string): Date {
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) throw new Error(`not an RFC 3339 date: ${JSON.stringify(date)}`);
  return day;
}

/** The headers of every response of an operation with this deprecation (none when it has none). */
export function deprecationHeaders(deprecation: DeprecationInfo): Record<string, string> | null {
  if (!deprecation) return null;
  const { announced, sunset } = deprecation as { announced: string; sunset: string };
  return {
    Deprecation: `@${Math.floor(dayStart(announced).getTime() / 1000)}`,
    Sunset: dayStart(sunset).toUTCString(),
  };
}
