/**
 * How a semantic test is declared: its title says what it checks and cites where that comes
 * from (a sentence of the source page, a DESIGN decision, an RFC section, the spec), and it
 * names what the target must offer. A test the target cannot support is not silently
 * dropped: it is listed by name as not applicable, in vitest's output and in the summary.
 */
import { it } from 'vitest';
import type { Capabilities } from './capabilities.js';
import { appendRecord } from './run-record.js';
import type { TargetInfo } from './start-target.js';

/** Where a checked behaviour is stated. */
export const cite = {
  /** A sentence of "Authenticate to the API", quoted. */
  page: (sentence: string) => `page: "${sentence}"`,
  /** A decision of DESIGN.md. */
  design: (decision: string) => `DESIGN: ${decision}`,
  /** An RFC section, e.g. "RFC 6750 §3.1". */
  rfc: (section: string) => section,
  /** The contract itself (generated/openapi.json). */
  spec: (where: string) => `spec: ${where}`,
} as const;

/** What a test needs from the target. */
export type Need = keyof Capabilities;

const WHY_NOT: Record<Need, string> = {
  stateful: 'the Prism example mock has no state, it only serves examples',
  mockControl: 'the target has no /__mock controls, so its clock cannot be moved forward nor a lock-out undone',
  servesExamples:
    'only an example mock (Prism) answers with a chosen documented response; a real server answers what the request deserves',
  altSourceAddress:
    "no second local source address reaches the target (only on this machine's IPv4 loopback where 127.0.0.2 can be bound)",
  demoData:
    "the target does not hold the reference server's demo data (the page's placeholder key sk_live_abc123 and the demo users)",
};

/** Why `target` cannot run a test with `needs`, or null when it can. */
export function notApplicable(target: TargetInfo, needs: readonly Need[]): string | null {
  const missing = needs.filter((need) => !target.capabilities[need]);
  return missing.length ? missing.map((need) => WHY_NOT[need]).join('; ') : null;
}

/** Declares a test titled `${what} — ${source}` that runs when the target has every need. */
export function contractTest(
  target: TargetInfo,
  what: string,
  source: string,
  needs: readonly Need[],
  fn: () => Promise<void>,
  timeout?: number,
): void {
  const title = `${what} — ${source}`;
  const reason = notApplicable(target, needs);
  if (reason === null) {
    it(title, fn, timeout);
    return;
  }
  appendRecord(target.runDir, { kind: 'not-applicable', title, reason });
  it.skip(`${title} [not applicable: ${reason}]`, fn);
}
