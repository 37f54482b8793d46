/**
 * ISO-8601 durations for the mock clock (`PT1H`, `P7D`, `P1W`, `-PT30M`, `PT0.5S`): weeks,
 * days, hours, minutes and seconds, which have a fixed length. Years and months do not, so
 * they are refused with a clear message.
 */

const N = '(\\d+(?:[.,]\\d+)?)';
const DURATION = new RegExp(`^([-+])?P(?:${N}Y)?(?:${N}M)?(?:${N}W)?(?:${N}D)?(?:T(?:${N}H)?(?:${N}M)?(?:${N}S)?)?$`);

/** Seconds of an ISO-8601 duration; throws a RangeError with a readable reason. */
export function parseDurationSeconds(text: string): number {
  const match = DURATION.exec(text);
  if (!match || /[PT]$/.test(text)) throw new RangeError('not an ISO-8601 duration such as PT1H, P7D or -PT30M');
  const [, sign, years, months, weeks, days, hours, minutes, seconds] = match;
  if (years !== undefined || months !== undefined) {
    throw new RangeError(
      'years and months have no fixed length; use weeks, days, hours, minutes or seconds (e.g. P30D)',
    );
  }
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part.replace(',', '.')));
  const total = (((n(weeks) * 7 + n(days)) * 24 + n(hours)) * 60 + n(minutes)) * 60 + n(seconds);
  if (!Number.isFinite(total) || Math.abs(total) > 1e11) throw new RangeError('the duration is too long');
  return sign === '-' ? -total : total;
}
