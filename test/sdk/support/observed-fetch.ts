/** One request as it left the client, recorded before anything could consume its body. */
interface ObservedCall {
  method: string;
  url: string;
  /** The path of the URL, without the query. */
  path: string;
  headers: Headers;
  credentials: RequestCredentials;
  body: string;
}

/** What answers an observed request: a real server (pass `fetch`) or a scripted fake. */
export type Responder = (request: Request, init?: RequestInit) => Promise<Response> | Response;

/** A fetch that records every request it sends, and the calls so far. */
export interface ObservedFetch {
  fetch: (request: Request, init?: RequestInit) => Promise<Response>;
  calls: ObservedCall[];
  /** Calls to one path, e.g. `count('/api/auth/refresh')`. */
  count(path: string): number;
}

/**
 * The observed client of the house style: a custom `fetch` handed to the SDK that records
 * each request (method, URL, headers, body) and passes it on to `responder`, with the
 * second argument (the signal of the call's time limit) as fetch has it.
 */
export function observedFetch(responder: Responder): ObservedFetch {
  const calls: ObservedCall[] = [];
  return {
    calls,
    count: (path) => calls.filter((call) => call.path === path).length,
    async fetch(request, init) {
      const body = request.body === null ? '' : await request.clone().text();
      calls.push({
        method: request.method,
        url: request.url,
        path: new URL(request.url).pathname,
        headers: new Headers(request.headers),
        credentials: request.credentials,
        body,
      });
      return responder(request, init);
    },
  };
}
