/**
 * Converts an ISO-8601 duration of days, hours, minutes and seconds (`P30D`, `PT1H`,
 * `PT15M`) to seconds. The contract states lifetimes this way; the generated constants
 * carry seconds so that no consumer has to parse durations.
 */
export function durationToSeconds(duration: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new Error(`not an ISO-8601 duration of days, hours, minutes and seconds: ${JSON.stringify(duration)}`);
  }
  const [days = 0, hours = 0, minutes = 0, seconds = 0] = match.slice(1).map((part) => Number(part ?? 0));
  return ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
}
