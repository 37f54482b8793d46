import { DeadlineReason, untilAborted } from './deadline.js';
import { isBrowser } from './runtime.js';

/**
 * A lock the SDK holds around reading the store, refreshing and writing the rotated token:
 * `task` must not start before every other holder of `name` has finished. `signal` aborts
 * when the SDK stops waiting (its lock timeout, or the caller gave up); a lock that cannot
 * stop waiting may ignore it, the SDK then drops the task when it finally runs.
 */
export type SessionLock = <T>(name: string, task: () => Promise<T>, options: { signal: AbortSignal }) => Promise<T>;

interface LockManagerLike {
  request<T>(name: string, options: { mode: 'exclusive'; signal?: AbortSignal }, task: () => Promise<T>): Promise<T>;
}

/** The Web Locks API: one holder per name across every tab and worker of the origin. */
function webLock(locks: LockManagerLike): SessionLock {
  return (name, task, { signal }) => locks.request(name, { mode: 'exclusive', signal }, task);
}

const registry = Symbol.for('@novavms/sdk in-process locks');

/** The queues of the in-process lock, kept on globalThis so that every copy of the SDK in the process shares them. */
function queues(): Map<string, Promise<void>> {
  const holder = globalThis as { [registry]?: Map<string, Promise<void>> };
  holder[registry] ??= new Map();
  return holder[registry];
}

/**
 * One lock per name for the whole JavaScript process (one thread): every client of the
 * process, whatever its store, takes turns. First come, first served; a waiter whose signal
 * aborts leaves the queue.
 */
export const inProcessLock: SessionLock = (name, task, { signal }) => {
  const all = queues();
  const previous = all.get(name) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  all.set(name, tail);
  // The name is forgotten once its last holder is done: when this turn's tail settles, which
  // for a waiter that gave up is only after every holder before it.
  const done = () => {
    release();
    void tail.then(() => {
      if (all.get(name) === tail) all.delete(name);
    });
  };
  return untilAborted(previous, signal).then(
    async () => {
      try {
        return await task();
      } finally {
        done();
      }
    },
    (reason: unknown) => {
      done();
      throw reason;
    },
  );
};

/**
 * The lock a session uses when the application names none. Browsers: Web Locks, so that tabs
 * take turns. Everywhere else, Node 20 and Node 24 alike: the in-process lock, although Node
 * 24 has `navigator.locks` too, because a Node process often holds the sessions of many people
 * and Web Locks there would only add the worker threads of the same process; processes that
 * share a store need `session.lock` (see the README).
 */
export function defaultLock(): SessionLock {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (isBrowser() && locks !== undefined && typeof locks.request === 'function') return webLock(locks);
  return inProcessLock;
}

/**
 * Runs `task` under `lock`, waiting at most `timeoutMs` (0: no limit) and no longer than
 * `signal` allows. Gives up with a TIMEOUT (`lock`) when the wait is too long; a task that
 * starts after the SDK gave up returns at once without running.
 */
export async function holdLock<T>(
  lock: SessionLock,
  name: string,
  task: () => Promise<T>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const timer =
    timeoutMs > 0 ? setTimeout(() => controller.abort(new DeadlineReason('lock', timeoutMs)), timeoutMs) : undefined;
  const stop = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', stop, { once: true });
  const abandoned = Symbol('abandoned');
  try {
    const held = lock(
      name,
      async () => {
        if (controller.signal.aborted) return abandoned;
        clearTimeout(timer);
        return task();
      },
      { signal: controller.signal },
    );
    const result = await untilAborted(held, controller.signal);
    if (result === abandoned) throw controller.signal.reason;
    return result as T;
  } catch (error) {
    if (error instanceof DeadlineReason) throw error.error();
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  }
}
