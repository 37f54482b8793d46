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
 * Lets a cohort's signal have a listener or two for each of its calls (fetch's own, and one
 * while the call waits for a refresh) without Node taking the 11th for a leak and warning.
 * Runtimes without `node:events` have no such limit.
 */
function allowCohortListeners(signal: AbortSignal): void {
  const { process } = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  const events = process?.getBuiltinModule?.('node:events') as
    | { setMaxListeners?: (n: number, ...targets: EventTarget[]) => void }
    | undefined;
  events?.setMaxListeners?.(4 * COHORT_SIZE, signal);
}

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
      allowCohortListeners(controller.signal);
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

/** `promise`, or a rejection with `signal`'s reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
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
