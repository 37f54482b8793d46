import { NovaVmsError, type TimeoutStage } from './errors.js';

/** The reason a time limit aborts with, so that the failure can be told apart from the caller's abort. */
export class DeadlineReason {
  constructor(
    readonly stage: TimeoutStage,
    readonly timeoutMs: number,
  ) {}

  /** The typed error of a call that ran out of this time. */
  error(): NovaVmsError {
    const what = { call: 'The call', refresh: 'The refresh', lock: 'Waiting for the refresh lock' }[this.stage];
    return new NovaVmsError({
      code: 'TIMEOUT',
      status: 0,
      timedOut: this.stage,
      message: `${what} took longer than ${this.timeoutMs} ms.`,
    });
  }
}

/** Starts `timer` without keeping a Node process alive for it (browsers have no unref). */
function unref(timer: ReturnType<typeof setTimeout>): void {
  (timer as { unref?: () => void }).unref?.();
}

/** One signal that aborts with `stage`'s reason after `timeoutMs`, and a way to stop its timer. */
export function timeLimit(stage: TimeoutStage, timeoutMs: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineReason(stage, timeoutMs)), timeoutMs);
  unref(timer);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

interface Cohort {
  /** The fetch init of its calls: one object for all, so that a call allocates nothing for its time limit. */
  init: { signal: AbortSignal };
  open: boolean;
  members: number;
}

/** How many calls share one cohort at most (each request's signal listens to it until it is collected). */
const COHORT_SIZE = 128;

/**
 * Time limits for calls without a timer and an AbortController each: calls that start within
 * the same eighth of `timeoutMs` share one signal, which aborts `timeoutMs` after that window
 * closes. Every call is thus aborted between `timeoutMs` and 1⅛ × `timeoutMs` after it started,
 * at the cost of a counter per call instead of a timer (which costs more than the SDK's whole
 * overhead on a fast call).
 */
export function callDeadlines(timeoutMs: number): () => { signal: AbortSignal } {
  const windowMs = Math.max(1, Math.ceil(timeoutMs / 8));
  let current: Cohort | undefined;
  return () => {
    let cohort = current;
    if (cohort === undefined || !cohort.open || cohort.members >= COHORT_SIZE) {
      const controller = new AbortController();
      const created: Cohort = { init: { signal: controller.signal }, open: true, members: 0 };
      unref(
        setTimeout(() => {
          created.open = false;
          unref(setTimeout(() => controller.abort(new DeadlineReason('call', timeoutMs)), timeoutMs));
        }, windowMs),
      );
      current = cohort = created;
    }
    cohort.members += 1;
    return cohort.init;
  };
}

/** The rejections waiting for each signal's abort: one listener per signal, however many wait on it. */
const waiting = new WeakMap<AbortSignal, Set<(reason: unknown) => void>>();

/**
 * `promise`, or a rejection with `signal`'s reason as soon as it aborts. Every wait on one
 * signal (the calls of a time window share one) is served by a single abort listener.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  let rejections = waiting.get(signal);
  if (rejections === undefined) {
    const created = new Set<(reason: unknown) => void>();
    signal.addEventListener(
      'abort',
      () => {
        waiting.delete(signal);
        for (const reject of created) reject(signal.reason);
      },
      { once: true },
    );
    waiting.set(signal, created);
    rejections = created;
  }
  const mine = rejections;
  return new Promise<T>((resolve, reject) => {
    mine.add(reject);
    promise.then(
      (value) => {
        mine.delete(reject);
        resolve(value);
      },
      (error: unknown) => {
        mine.delete(reject);
        reject(error);
      },
    );
  });
}

/** A signal that aborts when any of `signals` does (AbortSignal.any where the runtime has it). */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (typeof any === 'function') return any.call(AbortSignal, signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/** Waits `ms`, or rejects with `signal`'s reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return untilAborted(new Promise<void>((resolve) => setTimeout(resolve, ms)), signal);
}
