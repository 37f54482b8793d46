import {
  type ClientOptions,
  createFinalURL,
  createQuerySerializer,
  defaultPathSerializer,
  type HeadersOptions,
  mergeHeaders,
} from 'openapi-fetch';
import type { OutgoingRequest, SendFetch } from './transport.js';

/**
 * A request without a body, as the SDK builds it for a call that openapi-fetch would send
 * unchanged: its URL, method and headers, sent as `fetch(url, init)`. openapi-fetch builds a
 * Request for every call, which fetch then copies into a second one that follows the first
 * one's signal; over loopback that costs a call more than all of the SDK's own work.
 */
class BodilessRequest implements OutgoingRequest {
  readonly body = null;

  constructor(
    readonly url: string,
    readonly method: string,
    readonly headers: Headers,
  ) {}

  clone(): BodilessRequest {
    return new BodilessRequest(this.url, this.method, new Headers(this.headers));
  }
}

/** The client's `requestInitExt` (openapi-fetch's option: fetch options beyond RequestInit, such as undici's `dispatcher`). */
export type RequestInitExt = Record<string, unknown>;

/**
 * The transport's fetch over `fetch` (the application's, or the global one): a Request goes
 * as it is; a BodilessRequest goes by its URL to the global fetch (also when the application
 * gave the global fetch itself as its own), and to any other fetch of the application, which is
 * promised a Request, as the Request openapi-fetch would have built (the
 * signal beside it, as for every request). `ext`, the client's `requestInitExt`, goes with
 * every request as openapi-fetch sends it, in fetch's second argument, beside the signal.
 */
export function sendingWith(
  fetch: ((request: Request, init?: RequestInit) => Promise<Response>) | undefined,
  ext?: RequestInitExt,
): SendFetch {
  return (request, signalInit) => {
    const init: RequestInit | undefined =
      ext === undefined ? signalInit : signalInit === undefined ? ext : { ...ext, signal: signalInit.signal };
    if (fetch === undefined || fetch === globalThis.fetch) {
      // The global fetch takes a URL whoever passes it: given as the application's fetch, it is sent as without one.
      if (!(request instanceof BodilessRequest)) return globalThis.fetch(request as Request, init);
      const { url, method, headers } = request;
      return globalThis.fetch(url, { ...init, method, headers, redirect: 'follow' });
    }
    // The signal reaches the application's fetch in `init` only (a Request that carries one
    // costs more than the SDK's whole work on a fast call): a call aborted before it leaves is
    // not handed to a fetch that might drop it.
    const signal = signalInit?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    const whole =
      request instanceof BodilessRequest
        ? new Request(request.url, { method: request.method, headers: request.headers, redirect: 'follow' })
        : (request as Request);
    // `fetch` is called unbound: a browser's fetch throws "Illegal invocation" with another `this`.
    return fetch(whole, init);
  };
}

/** The client options under which a call may skip openapi-fetch: none that shapes a request but the base URL and headers (the transport sends `requestInitExt`). */
const CLIENT_KEYS = new Set(['baseUrl', 'headers', 'signal', 'fetch', 'requestInitExt']);
/** The call options under which a call may skip openapi-fetch (a signal and a time limit are the transport's). */
const CALL_KEYS = new Set(['params', 'headers', 'signal', 'timeoutMs']);

/** Whether calls of a client with these options can be sent directly (when no middleware is registered). */
export function sendsDirectly(options: Omit<ClientOptions, 'fetch'> & { fetch?: unknown }): boolean {
  return Object.keys(options).every(
    (key) => CLIENT_KEYS.has(key) || (options as Record<string, unknown>)[key] === undefined,
  );
}

interface CallParams {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: HeadersOptions;
}

/** The options of a call, as openapi-fetch's methods take them. */
export type CallInit = Record<string, unknown> & {
  params?: CallParams;
  headers?: HeadersOptions;
  signal?: AbortSignal | null;
  timeoutMs?: unknown;
};

/** Whether this call's options ask only for what a direct call does (no body, serializer, parseAs, middleware, …). */
export function isDirectCall(init: CallInit | undefined): boolean {
  if (init === undefined) return true;
  for (const key in init) if (!CALL_KEYS.has(key) && init[key] !== undefined) return false;
  return true;
}

/** openapi-fetch's answer to a call: `data` of a 2xx, else `error`, and the response. */
type Answer = { data: unknown; response: Response } | { error: unknown; response: Response };

/** Reads the answer as openapi-fetch does with `parseAs: 'json'`. */
async function answerOf(method: string, response: Response): Promise<Answer> {
  const length = response.headers.get('Content-Length');
  if (
    response.status === 204 ||
    method === 'HEAD' ||
    (length === '0' && response.headers.get('Transfer-Encoding')?.includes('chunked') !== true)
  ) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    if (length !== null && length !== '') return { data: await response.json(), response };
    const raw = await response.text();
    return { data: raw ? JSON.parse(raw) : undefined, response };
  }
  let error: unknown = await response.text();
  try {
    error = JSON.parse(error as string);
  } catch {
    // Not JSON: the text is the error.
  }
  return { error, response };
}

/**
 * Sends calls without openapi-fetch's Request: the URL and headers it would build (its own
 * serializers), the transport's `fetch`, and its reading of the answer.
 */
export function directCalls(baseUrl: string, headers: HeadersOptions | undefined) {
  const querySerializer = createQuerySerializer();
  return async (method: string, path: string, init: CallInit | undefined, fetch: SendFetch): Promise<Answer> => {
    const params = init?.params ?? {};
    const url = createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer: defaultPathSerializer });
    const request = new BodilessRequest(url, method, mergeHeaders(headers, init?.headers, params.header));
    return answerOf(method, await fetch(request));
  };
}
