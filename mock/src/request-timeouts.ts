/**
 * Request timeouts, in a module of their own: `startServer`'s options name them, and its public
 * types must not reach the application's.
 */
/** How long a client may take to send a request: its headers, and all of it with the body. */
export interface RequestTimeouts {
  headersMs: number;
  requestMs: number;
}

/** Seconds to send the headers, and the whole request: ample for a 16 KiB body, short for a trickle. */
export const DEFAULT_TIMEOUTS: RequestTimeouts = { headersMs: 10_000, requestMs: 30_000 };
