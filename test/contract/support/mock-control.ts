/**
 * The reference server's `/__mock` controls (outside the public contract, so not checked
 * against it): read and move its clock, and reset it to fresh demo data. Tests that need
 * them declare the `mockControl` need and are listed as not applicable elsewhere.
 */
import { sendRaw } from './http-transport.js';
import type { TargetInfo } from './start-target.js';

async function control(target: TargetInfo, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await sendRaw(target.baseUrl, {
    method,
    path,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = res.body.toString('utf8');
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

/** The target's current time. */
export async function mockNow(target: TargetInfo): Promise<Date> {
  const { now } = (await control(target, 'GET', '/__mock/clock')) as { now: string };
  return new Date(now);
}

/** Moves the target's clock by `seconds` (back when negative). */
export async function advanceClock(target: TargetInfo, seconds: number): Promise<void> {
  await control(target, 'POST', '/__mock/clock', { advance: `${seconds < 0 ? '-' : ''}PT${Math.abs(seconds)}S` });
}

/** Empties the target's request-quota counters. */
export async function resetQuotas(target: TargetInfo): Promise<void> {
  await control(target, 'POST', '/__mock/quotas/reset', {});
}

/** Restores fresh demo data (and with it, empty failed-login and quota counters). */
async function resetTarget(target: TargetInfo): Promise<void> {
  await control(target, 'POST', '/__mock/reset', {});
}

/** Resets the target when it can be reset; a group of tests calls this first to start clean. */
export async function resetIfPossible(target: TargetInfo): Promise<void> {
  if (target.capabilities.mockControl) await resetTarget(target);
}
