import { isSessionEndReason, type SessionEndReason } from './session.js';

/**
 * What changed about a client's session. `fromOtherTab` is true for an event that another tab
 * of the origin sent (browsers only); the client has already acted on it (a sign-out there
 * signs this tab out too).
 */
export type SessionEvent = (
  | { type: 'signed-in' }
  | { type: 'token-refreshed' }
  | { type: 'signed-out' }
  | { type: 'session-ended'; reason: SessionEndReason }
) & { fromOtherTab: boolean };

/**
 * Reports an error that a listener of the application threw, without failing the call that
 * caused the event or ending the process: to the page's error handlers where there is
 * `reportError` (browsers), elsewhere (Node) as a process warning, which Node prints and
 * `process.on('warning')` hears.
 */
export function reportListenerError(error: unknown): void {
  const { reportError, process } = globalThis as {
    reportError?: (error: unknown) => void;
    process?: { emitWarning?: (warning: Error | string) => void };
  };
  if (typeof reportError === 'function') reportError(error);
  else if (typeof process?.emitWarning === 'function')
    process.emitWarning(error instanceof Error ? error : `A session listener threw ${String(error)}`);
  else
    queueMicrotask(() => {
      throw error;
    });
}

/** A listener of `auth.onChange`. */
export type SessionListener = (event: SessionEvent) => void;

/** What travels between tabs: the event without anything secret (there is nothing secret in it). */
type Message = { type: 'signed-in' | 'token-refreshed' | 'signed-out' } | { type: 'session-ended'; reason: string };

interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * The listeners of one client, and in browsers a BroadcastChannel to the other tabs of the
 * origin that use the same API. Outside browsers (Node 20 and 24 alike, although both have
 * BroadcastChannel) events stay with the client: a Node process often holds the sessions of
 * many people, and one person's sign-out must not reach another's client.
 */
export class SessionEvents {
  readonly #listeners = new Set<SessionListener>();
  readonly #channel: ChannelLike | undefined;

  constructor(channelName: string | undefined, onRemote: (event: SessionEvent) => void) {
    const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
    if (channelName === undefined || Channel === undefined) return;
    this.#channel = new Channel(channelName);
    this.#channel.addEventListener('message', ({ data }) => {
      const event = eventOf(data);
      if (event !== undefined) onRemote(event);
    });
  }

  /** Adds a listener; returns the function that removes it. */
  listen(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells this client's listeners, and the other tabs when it happened here. */
  emit(event: SessionEvent): void {
    if (!event.fromOtherTab && this.#channel !== undefined) {
      const { fromOtherTab: _local, ...message } = event;
      this.#channel.postMessage(message);
    }
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }
}

/** A message of another tab as an event, or undefined for anything else on the channel. */
function eventOf(data: unknown): SessionEvent | undefined {
  const message = data as Partial<Message> | null;
  switch (message?.type) {
    case 'signed-in':
    case 'token-refreshed':
    case 'signed-out':
      return { type: message.type, fromOtherTab: true };
    case 'session-ended': {
      const reason = (message as { reason?: unknown }).reason;
      if (typeof reason !== 'string' || !isSessionEndReason(reason)) return undefined;
      return { type: 'session-ended', reason, fromOtherTab: true };
    }
    default:
      return undefined;
  }
}
