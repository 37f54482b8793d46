import { anySignal, callDeadlines, DeadlineReason, sleep as timerSleep } from './deadline.js';
import type { DeprecationReporter } from './deprecation.js';
import { isNovaVmsError, NovaVmsError, networkError } from './errors.js';
import { retryAfterSeconds } from './rate-limit.js';
import { pathUnder, type Route, type Router, routeFor } from './routes.js';

/** A fetch as the SDK calls it: the request, and a signal for the time limit and the caller's abort. */
export type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

/** What the transport reads of a request: a Request, or one without a body that goes by its URL (direct-call.ts). */
export interface OutgoingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  clone(): OutgoingRequest;
}

/** The transport's fetch: it sends either kind of OutgoingRequest (direct-call.ts sendingWith). */
export type SendFetch = (request: OutgoingRequest, init?: { signal: AbortSignal }) => Promise<Response>;

/** Waits `ms` before a retry; rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal: AbortSignal | undefined) => Promise<void>;

/** The credential a request left with, so that a 401 can be answered by renewing it. */
export interface SentCredential {
  token: string;
  generation: number;
}

/**
 * How a client authenticates its calls. `apply` puts the credential on a request (it may wait,
 * for a refresh) or answers for the server (a session that has ended); `renew` is asked after
 * a 401 and gives a new credential to send the request again with, an answer, or nothing.
 */
export interface Credential {
  apply(
    request: OutgoingRequest,
    signal: AbortSignal | undefined,
  ): SentCredential | Response | undefined | Promise<SentCredential | Response | undefined>;
  renew?(
    sent: SentCredential,
    response: Response,
    signal: AbortSignal | undefined,
  ): Promise<SentCredential | Response | undefined>;
}

export interface TransportOptions {
  fetch: SendFetch;
  baseUrl: string;
  /** Set on every request without a User-Agent of its own (outside browsers). */
  userAgent: string | undefined;
  credential: Credential | undefined;
  /** The time limit of each call (0: none). */
  timeoutMs: number;
  /** How often an idempotent call is sent again after a network error, 502, 503, 504 or 429 with Retry-After. */
  retries: number;
  sleep: Sleep | undefined;
  /** A signal of the client's options, for every call. */
  signal: AbortSignal | undefined;
  /** Reports each deprecated operation once; undefined when the application turned reporting off. */
  deprecations: DeprecationReporter | undefined;
  /** The operations requests go to (default: this SDK's contract). */
  router?: Router;
}

/** The options of one call that change how it is sent. */
export interface CallOptions {
  /** The call's whole signal: the caller's, combined with its time limit. */
  signal: AbortSignal | undefined;
  /** The caller's own signal, to tell its abort from a time limit. */
  callerSignal: AbortSignal | undefined;
  fetch: SendFetch | undefined;
  baseUrl: string | undefined;
  /** The call's own time limit in ms (0: none); undefined for the client's. */
  timeoutMs: number | undefined;
}

/** How the requests of one call leave: to its operation, with its fetch and the init that carries its signal. */
interface Sending {
  route: Route;
  init: { signal: AbortSignal } | undefined;
  fetch: SendFetch;
  /** The call's time limit in ms (0: none), and when it started (`Date.now()`): a retry must wait within it. */
  timeoutMs: number;
  startedAt: number;
}

const RETRY_STATUSES = new Set([502, 503, 504]);
const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 5_000;

/** Exponential backoff with full jitter: a random wait up to 200 ms × 2^attempt, at most 5 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
}

/**
 * What openapi-fetch calls `fetch`: it runs after every middleware's onRequest and before
 * every onResponse, so the credential it sets is the innermost step of every call, whatever
 * middleware the application registers, and the application's onResponse sees the final
 * answer (after a refresh and the call sent again, or after retries).
 */
export class Transport {
  readonly #options: TransportOptions;
  readonly #deadline: (() => { signal: AbortSignal }) | undefined;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#deadline = options.timeoutMs > 0 ? callDeadlines(options.timeoutMs) : undefined;
  }

  /** The shared time limit of a call that starts now (undefined when calls have none). */
  deadline(): AbortSignal | undefined {
    return this.#deadline?.().signal;
  }

  /** The fetch of calls without options of their own. */
  readonly send = (request: OutgoingRequest): Promise<Response> => {
    const deadline = this.#deadline?.();
    const own = this.#options.signal;
    const init =
      own === undefined ? deadline : { signal: deadline === undefined ? own : anySignal([own, deadline.signal]) };
    return this.#send(request, init, this.#options.fetch, this.#options.baseUrl, this.#options.timeoutMs);
  };

  /** The fetch of one call with options of its own (a signal, a time limit, a fetch, a baseUrl). */
  sendWith(call: CallOptions): (request: OutgoingRequest) => Promise<Response> {
    const init = call.signal === undefined ? undefined : { signal: call.signal };
    const timeoutMs = call.timeoutMs ?? this.#options.timeoutMs;
    return (request) =>
      this.#send(request, init, call.fetch ?? this.#options.fetch, call.baseUrl ?? this.#options.baseUrl, timeoutMs);
  }

  /** The typed error of a call that failed without an answer; other errors are returned as they are. */
  failure(error: unknown, callerSignal: AbortSignal | undefined = this.#options.signal): unknown {
    if (isNovaVmsError(error)) return error;
    if (error instanceof DeadlineReason) return error.error();
    if (callerSignal?.aborted === true) {
      return new NovaVmsError({
        code: 'ABORTED',
        status: 0,
        cause: callerSignal.reason,
        message: 'The call was aborted.',
      });
    }
    return error;
  }

  /**
   * Sends `request` with the client's credential, renewed once after a 401 when it can be. A
   * credential at hand is applied without a turn of the event loop: this runs on every call.
   */
  async #send(
    request: OutgoingRequest,
    init: { signal: AbortSignal } | undefined,
    fetch: SendFetch,
    baseUrl: string,
    timeoutMs: number,
  ): Promise<Response> {
    const startedAt = Date.now();
    const { userAgent, credential, deprecations } = this.#options;
    const { method, headers } = request;
    if (userAgent !== undefined && !headers.has('User-Agent')) headers.set('User-Agent', userAgent);
    const route = (this.#options.router ?? routeFor)(method, pathUnder(request.url, baseUrl));
    deprecations?.beforeCall(method, route);
    const signal = init?.signal;
    let sent: SentCredential | undefined;
    if (route.bearer && credential !== undefined) {
      const pending = credential.apply(request, signal);
      const applied = pending instanceof Promise ? await pending : pending;
      if (applied instanceof Response) return this.#answered(method, route, applied);
      sent = applied;
    }
    // A request with a body can be sent once; keep a copy before it leaves if it may leave again.
    const mayResend =
      (route.idempotent && this.#options.retries > 0) || (sent !== undefined && credential?.renew !== undefined);
    const spare = request.body !== null && mayResend ? request.clone() : undefined;
    const sending: Sending = { route, init, fetch, timeoutMs, startedAt };
    const response = await this.#attempts(request, spare, sending);
    if (sent === undefined || response.status !== 401 || credential?.renew === undefined) {
      return this.#answered(method, route, response);
    }
    return this.#answered(method, route, await this.#renewed(credential, sent, response, request, spare, sending));
  }

  #answered(method: string, route: Route, response: Response): Response {
    this.#options.deprecations?.afterCall(method, route, response);
    return response;
  }

  /** The answer after a 401: the request sent again with a renewed credential, or the 401 itself. */
  async #renewed(
    credential: Credential,
    sent: SentCredential,
    response: Response,
    request: OutgoingRequest,
    spare: OutgoingRequest | undefined,
    sending: Sending,
  ): Promise<Response> {
    const renewed = await credential.renew?.(sent, response, sending.init?.signal);
    if (renewed === undefined) return response;
    await response.body?.cancel();
    if (renewed instanceof Response) return renewed;
    const again = spare ?? request;
    again.headers.set('Authorization', `Bearer ${renewed.token}`);
    return this.#attempts(again, spare === undefined ? undefined : again.clone(), sending);
  }

  /** Sends `request`, and again after a failure that an idempotent call may retry, as often as allowed. */
  async #attempts(request: OutgoingRequest, spare: OutgoingRequest | undefined, sending: Sending): Promise<Response> {
    const { route, init, fetch } = sending;
    const { retries } = this.#options;
    const signal = init?.signal;
    for (let attempt = 0; ; attempt += 1) {
      const mayRetry = route.idempotent && attempt < retries;
      let response: Response;
      try {
        response = await fetch(attempt === 0 || spare === undefined ? request : spare.clone(), init);
      } catch (error) {
        if (signal?.aborted === true || isNovaVmsError(error)) throw error;
        if (!mayRetry) {
          throw networkError(error);
        }
        await this.#wait(backoffMs(attempt), signal);
        continue;
      }
      if (!mayRetry) return response;
      const wait = this.#retryWait(response, attempt, sending);
      if (wait === undefined) return response;
      await response.body?.cancel();
      await this.#wait(wait, signal);
    }
  }

  /** How long to wait before sending again after `response`, or undefined when it is the answer. */
  #retryWait(response: Response, attempt: number, { timeoutMs, startedAt }: Sending): number | undefined {
    const { status } = response;
    if (status !== 429 && !RETRY_STATUSES.has(status)) return undefined;
    const after = retryAfterSeconds(response.headers);
    // The contract's 429 says how long to wait; without Retry-After it is the answer.
    if (after === undefined) return status === 429 ? undefined : backoffMs(attempt);
    const ms = after * 1000;
    // A wait the call's time limit would cut short: the answer is the one to give.
    return timeoutMs > 0 && Date.now() - startedAt + ms >= timeoutMs ? undefined : ms;
  }

  #wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return (this.#options.sleep ?? timerSleep)(ms, signal);
  }
}
