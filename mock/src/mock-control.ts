/**
 * The mock controls, outside `/api` and outside the public contract: read, set or advance the
 * server's clock, and reset the data to the seeded state. A frontend uses them to watch an
 * access token expire in seconds instead of an hour.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Clock, isWholeMilliseconds } from './clock.js';
import { parseDurationSeconds } from './duration.js';
import { NO_STORE } from './handlers/request-parts.js';
import { ProblemError } from './problem.js';
import { replyProblem } from './problem-reply.js';
import { parseJsonBytes } from './validation.js';

/** Paths and methods of the mock controls (for 405 answers). */
export const MOCK_CONTROL_ROUTES: Record<string, string[]> = {
  '/__mock/clock': ['GET', 'POST'],
  '/__mock/reset': ['POST'],
  '/__mock/quotas/reset': ['POST'],
};

/** What the controls act on. */
export interface MockControlParts {
  clock: Clock;
  /** Back to the seeded data, real time and empty counters. */
  reset: () => Promise<void>;
  /** Empties the quota counters only. */
  resetQuotas: () => void;
  /**
   * Serve any `Host`: only when the controls were asked for explicitly on a server that listens
   * beyond loopback, where callers reach it under names of their own.
   */
  anyHost: boolean;
}

function invalid(what: string, pointer: string, message: string): ProblemError {
  return new ProblemError(
    'INVALID_REQUEST',
    `The ${what} request is not valid: ${pointer.slice(1) || 'body'} ${message}.`,
    {
      errors: [{ location: 'body', pointer, message }],
    },
  );
}

const jsonPointer = (key: string) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * The JSON object of a control request's body. A body is required, and it must be JSON: a
 * plain HTML form (text/plain, form-urlencoded, multipart) cannot send one, and a page that
 * tries to with fetch needs a CORS preflight, which this server never grants.
 */
function jsonBody(request: FastifyRequest, what: string, expected: string): Record<string, unknown> {
  const raw = request.body as Buffer | undefined;
  const type = request.headers['content-type'];
  if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
    throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  if (!raw || raw.length === 0) throw invalid(what, '', `must be a JSON object ${expected}`);
  if (type === undefined) throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  let value: unknown;
  try {
    value = parseJsonBytes(raw);
  } catch {
    throw invalid(what, '', 'is not valid JSON in UTF-8');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalid(what, '', `must be a JSON object ${expected}`);
  return value as Record<string, unknown>;
}

/** A body that must be the empty object `{}` (reset requests take no options). */
function emptyObjectBody(request: FastifyRequest, what: string): void {
  const body = jsonBody(request, what, '({})');
  const [unknown] = Object.keys(body);
  if (unknown !== undefined) throw invalid(what, jsonPointer(unknown), 'is not a known field (send {})');
}

const LOOPBACK_NAMES = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|\[::ffff:127(\.\d{1,3}){3}\])$/i;

/** Whether a host name (no port; IPv6 in brackets) names this machine's loopback. */
export function isLoopbackName(host: string): boolean {
  return LOOPBACK_NAMES.test(host.endsWith('.') ? host.slice(0, -1) : host);
}

/** The host part of a `Host` header value (`name:port`, `[v6]:port`). */
function hostName(value: string): string {
  const bracket = /^(\[[^\]]*\])(:\d*)?$/.exec(value);
  if (bracket) return bracket[1]!;
  return value.replace(/:\d*$/, '');
}

/**
 * Refuses a request that a web page, not a local tool, may have sent: a foreign `Origin`, a
 * cross-site fetch (`Sec-Fetch-Site`), or a `Host` that is not loopback, which is how a
 * DNS-rebinding page reaches 127.0.0.1 under a name of its own.
 */
function refuseForeign(request: FastifyRequest, anyHost: boolean): void {
  const { host, origin } = request.headers;
  const fetchSite = request.headers['sec-fetch-site'];
  if (!anyHost && (typeof host !== 'string' || !isLoopbackName(hostName(host))))
    throw new ProblemError(
      'CSRF_REJECTED',
      'The mock controls answer only to a loopback Host (localhost, 127.0.0.1, [::1]).',
    );
  if (fetchSite === 'cross-site')
    throw new ProblemError(
      'CSRF_REJECTED',
      'The mock controls refuse cross-site requests (Sec-Fetch-Site: cross-site).',
    );
  if (origin !== undefined) {
    let local = false;
    try {
      const url = new URL(origin);
      local = (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackName(url.hostname);
    } catch {
      local = false;
    }
    if (!local)
      throw new ProblemError(
        'CSRF_REJECTED',
        'The mock controls refuse requests from a page of another site (Origin).',
      );
  }
}

/** The instants the clock may show: the years an ISO-8601 instant of four digits can name. */
const EARLIEST_MS = Date.parse('0000-01-01T00:00:00Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

function inRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

function applyClockChange(clock: Clock, body: Record<string, unknown>): void {
  const invalidClock = (pointer: string, message: string) => invalid('clock', pointer, message);
  const keys = Object.keys(body);
  const unknown = keys.find((k) => k !== 'advance' && k !== 'set');
  if (unknown !== undefined) throw invalidClock(jsonPointer(unknown), 'is not a known field (use "advance" or "set")');
  if (keys.length !== 1) throw invalidClock('', 'must hold exactly one of "advance" and "set"');
  if ('advance' in body) {
    if (typeof body.advance !== 'string')
      throw invalidClock('/advance', 'must be an ISO-8601 duration string such as PT1H');
    let seconds: number;
    try {
      seconds = parseDurationSeconds(body.advance);
    } catch (error) {
      throw invalidClock('/advance', (error as Error).message);
    }
    if (!isWholeMilliseconds(seconds))
      throw invalidClock('/advance', 'must be a whole number of milliseconds (the clock moves in steps of PT0.001S)');
    if (!inRange(clock.nowMs() + seconds * 1000))
      throw invalidClock('/advance', 'would move the clock outside the years 0000 to 9999');
    clock.advance(seconds);
    return;
  }
  const set = body.set;
  const ms =
    typeof set === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(set)
      ? Date.parse(set)
      : NaN;
  if (!Number.isFinite(ms))
    throw invalidClock('/set', 'must be an ISO-8601 instant with a time zone, such as 2030-01-01T00:00:00Z');
  if (!inRange(ms)) throw invalidClock('/set', 'must fall within the years 0000 to 9999 once its offset is applied');
  clock.set(new Date(ms));
}

/** Registers `/__mock/clock`, `/__mock/reset` and `/__mock/quotas/reset`. */
export function registerMockControls(app: FastifyInstance, parts: MockControlParts): void {
  const { clock } = parts;
  const now = () => ({ now: clock.now().toISOString() });
  const guarded =
    (fn: (request: FastifyRequest) => Promise<unknown> | unknown) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        refuseForeign(request, parts.anyHost);
        const body = await fn(request);
        return reply.headers(NO_STORE).send(body);
      } catch (error) {
        if (error instanceof ProblemError) return replyProblem(request, reply, error);
        throw error;
      }
    };
  app.get(
    '/__mock/clock',
    guarded(() => now()),
  );
  app.post(
    '/__mock/clock',
    guarded((request) => {
      applyClockChange(clock, jsonBody(request, 'clock', 'with "advance" or "set"'));
      return now();
    }),
  );
  app.post(
    '/__mock/reset',
    guarded(async (request) => {
      emptyObjectBody(request, 'reset');
      await parts.reset();
      return now();
    }),
  );
  app.post(
    '/__mock/quotas/reset',
    guarded((request) => {
      emptyObjectBody(request, 'quota reset');
      parts.resetQuotas();
      return now();
    }),
  );
}
