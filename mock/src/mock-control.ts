/**
 * The mock controls, outside `/api` and outside the public contract: read, set or advance the
 * server's clock, and reset the data to the seeded state. A frontend uses them to watch an
 * access token expire in seconds instead of an hour.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from './clock.js';
import { parseDurationSeconds } from './duration.js';
import { NO_STORE } from './handlers/request-parts.js';
import { ProblemError } from './problem.js';
import { replyProblem } from './problem-reply.js';
import { parseJsonBytes } from './validation.js';

/** Paths and methods of the mock controls (for 405 answers). */
export const MOCK_CONTROL_ROUTES: Record<string, string[]> = {
  '/__mock/clock': ['GET', 'POST'],
  '/__mock/reset': ['POST'],
};

function invalid(pointer: string, message: string): ProblemError {
  return new ProblemError(
    'INVALID_REQUEST',
    `The clock request is not valid: ${pointer.slice(1) || 'body'} ${message}.`,
    {
      errors: [{ location: 'body', pointer, message }],
    },
  );
}

/** The JSON object of a control request's body. */
function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const raw = request.body as Buffer | undefined;
  const type = request.headers['content-type'];
  if (!raw || raw.length === 0) throw invalid('', 'must be a JSON object with "advance" or "set"');
  if (type === undefined || !/^application\/json\s*(;|$)/i.test(type)) {
    throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  let value: unknown;
  try {
    value = parseJsonBytes(raw);
  } catch {
    throw invalid('', 'is not valid JSON in UTF-8');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalid('', 'must be a JSON object with "advance" or "set"');
  return value as Record<string, unknown>;
}

/** The instants the clock may show: the years an ISO-8601 instant of four digits can name. */
const EARLIEST_MS = Date.parse('0000-01-01T00:00:00Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

function inRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

function applyClockChange(clock: Clock, body: Record<string, unknown>): void {
  const keys = Object.keys(body);
  const unknown = keys.find((k) => k !== 'advance' && k !== 'set');
  if (unknown !== undefined)
    throw invalid(
      `/${unknown.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      'is not a known field (use "advance" or "set")',
    );
  if (keys.length !== 1) throw invalid('', 'must hold exactly one of "advance" and "set"');
  if ('advance' in body) {
    if (typeof body.advance !== 'string') throw invalid('/advance', 'must be an ISO-8601 duration string such as PT1H');
    let seconds: number;
    try {
      seconds = parseDurationSeconds(body.advance);
    } catch (error) {
      throw invalid('/advance', (error as Error).message);
    }
    if (!inRange(clock.nowMs() + seconds * 1000))
      throw invalid('/advance', 'would move the clock outside the years 0000 to 9999');
    clock.advance(seconds);
    return;
  }
  const set = body.set;
  const ms =
    typeof set === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(set)
      ? Date.parse(set)
      : NaN;
  if (!Number.isFinite(ms))
    throw invalid('/set', 'must be an ISO-8601 instant with a time zone, such as 2030-01-01T00:00:00Z');
  if (!inRange(ms)) throw invalid('/set', 'must fall within the years 0000 to 9999 once its offset is applied');
  clock.set(new Date(ms));
}

/** Registers `/__mock/clock` and `/__mock/reset`. */
export function registerMockControls(app: FastifyInstance, clock: Clock, reset: () => Promise<void>): void {
  const now = () => ({ now: clock.now().toISOString() });
  const guarded =
    (fn: (request: FastifyRequest) => Promise<unknown> | unknown) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
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
      applyClockChange(clock, jsonBody(request));
      return now();
    }),
  );
  app.post(
    '/__mock/reset',
    guarded(async () => {
      await reset();
      return now();
    }),
  );
}
