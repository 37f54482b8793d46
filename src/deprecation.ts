/**
 * Deprecated operations, reported once each: from this SDK's contract (`x-novavms-deprecation`)
 * before the first call, and from the `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) headers
 * of an answer, which a server newer than this SDK sends for operations it has deprecated since.
 */
import type { Route } from './routes.js';

/** What the SDK tells about a deprecated operation the application calls. */
export interface DeprecationNotice {
  /** The operation's id; undefined when this SDK's contract does not list the path. */
  operationId: string | undefined;
  method: string;
  /** The path as the contract writes it, or the request's path when the contract does not list it. */
  path: string;
  /** When the deprecation was announced (the contract's `announced`, or the `Deprecation` header). */
  deprecatedAt: Date | undefined;
  /** From when the operation may be gone (the contract's `sunset`, or the `Sunset` header). */
  sunset: Date | undefined;
  /** The operationId that replaces it, when the contract names one. */
  replacement: string | undefined;
  /** `contract`: this SDK's contract deprecates it; `response`: the server's answer said so. */
  source: 'contract' | 'response';
}

/** Called once per deprecated operation a client calls. */
export type DeprecationListener = (notice: DeprecationNotice) => void;

function dayStart(date: string): Date | undefined {
  const day = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? undefined : day;
}

/** `Deprecation: @<seconds>` (an RFC 9651 date), as a Date; undefined when absent or malformed. */
export function deprecationDate(headers: Headers): Date | undefined {
  const value = headers.get('Deprecation')?.trim();
  if (value === undefined) return undefined;
  const match = /^@(-?\d{1,15})$/.exec(value);
  return match === null ? undefined : new Date(Number(match[1]) * 1000);
}

/** `Sunset: <HTTP-date>`, as a Date; undefined when absent or malformed. */
export function sunsetDate(headers: Headers): Date | undefined {
  const value = headers.get('Sunset')?.trim();
  if (value === undefined || value === '') return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at);
}

function day(date: Date | undefined): string | undefined {
  return date?.toISOString().slice(0, 10);
}

/** The default listener: one console.warn per operation, naming its sunset and replacement. */
export const warnDeprecation: DeprecationListener = (notice) => {
  const name = notice.operationId === undefined ? '' : ` (${notice.operationId})`;
  const since = notice.deprecatedAt === undefined ? '' : ` since ${day(notice.deprecatedAt)}`;
  const sunset = notice.sunset === undefined ? '' : `; it may be removed from ${day(notice.sunset)}`;
  const replacement = notice.replacement === undefined ? '' : `; use ${notice.replacement} instead`;
  console.warn(`@novavms/sdk: ${notice.method} ${notice.path}${name} is deprecated${since}${sunset}${replacement}.`);
};

/** Remembers which operations were reported, so that each is reported once per client. */
export class DeprecationReporter {
  readonly #listener: DeprecationListener;
  readonly #reported = new Set<string>();

  constructor(listener: DeprecationListener) {
    this.#listener = listener;
  }

  /** Before a call: reports the operation when this SDK's contract deprecates it. */
  beforeCall(method: string, route: Route): void {
    const { deprecation } = route;
    if (deprecation === null) return;
    this.#report(method, route, {
      deprecatedAt: dayStart(deprecation.announced),
      sunset: dayStart(deprecation.sunset),
      replacement: deprecation.replacement,
      source: 'contract',
    });
  }

  /** After a call: reports the operation when the answer says it is deprecated. */
  afterCall(method: string, route: Route, response: Response): void {
    if (!response.headers.has('Deprecation')) return;
    this.#report(method, route, {
      deprecatedAt: deprecationDate(response.headers),
      sunset: sunsetDate(response.headers),
      replacement: route.deprecation?.replacement,
      source: 'response',
    });
  }

  #report(method: string, route: Route, facts: Omit<DeprecationNotice, 'operationId' | 'method' | 'path'>): void {
    const key = `${method} ${route.template}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    try {
      this.#listener({ operationId: route.operationId, method, path: route.template, ...facts });
    } catch (error) {
      // A failing listener must not fail the call the application made.
      console.error('@novavms/sdk: the onDeprecated listener threw', error);
    }
  }
}
