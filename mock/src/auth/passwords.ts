/**
 * Password checks with argon2id at the OWASP settings (19 MiB, 2 passes, 1 lane). Checks run in
 * worker threads of their own, (cores − 1) of them and one check each at a time, so that a flood
 * of logins leaves the event loop a core for every other request. On Linux these threads run at
 * the lowest CPU priority (nice 19): when a request wakes the event loop it gets a core at once
 * instead of waiting for its turn behind a hash, and the hashes take whatever the rest leaves.
 * Unknown emails are checked against a dummy hash, so a failed login takes the same time whether
 * or not the account exists. A thread left idle for 30 s ends, giving back the memory its hashes
 * used (some MiB each); the next check starts a new one.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Options } from '@node-rs/argon2';
import { Semaphore } from './semaphore.js';

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolated modules cannot import)

/** The argon2id parameters of every stored password. */
export const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * An argon2id hash, with the parameters above, of a random string nobody knows. Verifying a
 * password against it costs what verifying a real one costs, and never succeeds.
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$HqgS8wNjDCLUHbFk5lWD+Q$fFTlmvFVBWC6LEGDVCmt7EZqe2eOTn6RgeJ420DVPJQ';

/** How long a checking thread may wait for a check before it ends (ms). */
const IDLE_THREAD_MS = 30_000;

/** The nice value of the checking threads where the system has per-thread priorities. */
export const CHECKING_THREAD_NICE = 19;

/**
 * The checking thread (CommonJS, evaluated): lowers its own priority on Linux, where a thread's
 * id names it to setpriority(2) (it keeps the default where /proc/thread-self is missing), then
 * answers each `{ phc, password }` with whether they match. A malformed hash never matches.
 */
const CHECKER = `
const { parentPort, workerData } = require('node:worker_threads');
if (process.platform === 'linux') {
  try {
    const thread = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(thread, workerData.nice);
  } catch {}
}
const { verifySync } = require(workerData.argon2);
parentPort.on('message', ({ phc, password }) => {
  let matches = false;
  try { matches = verifySync(phc, password) === true; } catch {}
  parentPort.postMessage(matches);
});
`;

/** One checking thread and the answer it owes, if any. */
class Checker {
  private readonly worker: Worker;
  private pending: { resolve(matches: boolean): void; reject(error: Error): void } | undefined;
  /** Set once the thread has failed or exited: the hasher replaces it. */
  broken = false;
  /** Ends the thread when it has waited too long for a check; cleared when a check comes. */
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(argon2: string) {
    // No execArgv of the server's own (a loader such as tsx): the thread runs plain CommonJS.
    this.worker = new Worker(CHECKER, {
      eval: true,
      execArgv: [],
      workerData: { argon2, nice: CHECKING_THREAD_NICE },
    });
    this.worker.unref();
    this.worker.on('message', (matches: boolean) => this.settle((p) => p.resolve(matches)));
    const fail = (error: Error) => {
      this.broken = true;
      this.settle((p) => p.reject(error));
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the password-checking thread exited with code ${code}`)));
  }

  private settle(how: (pending: NonNullable<Checker['pending']>) => void): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) how(pending);
  }

  check(phc: string, password: string): Promise<boolean> {
    if (this.broken) return Promise.reject(new Error('the password-checking thread has ended'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ phc, password });
    });
  }

  /** Calls `retire` after `ms` without a check (a timer that keeps no process alive). */
  idleFor(ms: number, retire: () => void): void {
    this.idleTimer = setTimeout(retire, ms);
    this.idleTimer.unref();
  }

  /** Stops the idle timer: the thread has a check to do, or is closing. */
  wake(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  close(): Promise<number> {
    this.wake();
    return this.worker.terminate();
  }
}

/** Verifies passwords with bounded concurrency. */
export class PasswordHasher {
  private readonly slots: Semaphore;
  /** Threads waiting for a check; made on demand, so that start-up makes none. */
  private readonly idle: Checker[] = [];
  private readonly all = new Set<Checker>();
  /** Threads ended for idleness whose termination has not finished yet; close() waits for them. */
  private readonly retiring = new Set<Promise<number>>();
  private readonly argon2 = createRequire(import.meta.url).resolve('@node-rs/argon2');
  private closed = false;

  /** At most `threads` checks at once, each on a thread of its own that ends after `idleMs` without one. */
  constructor(
    threads = Math.max(1, availableParallelism() - 1),
    private readonly idleMs = IDLE_THREAD_MS,
  ) {
    this.slots = new Semaphore(threads);
  }

  /** How many checking threads are running now (busy or idle). */
  get threads(): number {
    return this.all.size;
  }

  /** Whether `password` matches `phc`; a malformed hash never matches. */
  verify(phc: string, password: string): Promise<boolean> {
    return this.slots.run(async () => {
      if (this.closed) throw new Error('the password hasher is closed');
      // A thread that ended while it waited is left behind.
      let checker = this.idle.pop();
      while (checker?.broken) {
        checker.wake();
        this.all.delete(checker);
        checker = this.idle.pop();
      }
      checker ??= this.newChecker();
      checker.wake();
      try {
        return await checker.check(phc, password);
      } finally {
        if (checker.broken || this.closed) this.all.delete(checker);
        else this.rest(checker);
      }
    });
  }

  /** Puts `checker` back among the idle threads, to end if no check comes within `idleMs`. */
  private rest(checker: Checker): void {
    this.idle.push(checker);
    checker.idleFor(this.idleMs, () => {
      const at = this.idle.indexOf(checker);
      if (at === -1) return; // taken for a check, or closed, meanwhile
      this.idle.splice(at, 1);
      this.all.delete(checker);
      const ending = checker.close();
      this.retiring.add(ending);
      void ending.finally(() => this.retiring.delete(ending));
    });
  }

  private newChecker(): Checker {
    const checker = new Checker(this.argon2);
    this.all.add(checker);
    return checker;
  }

  /**
   * Burns the time of one verification without an account: the answer is always false, and it
   * takes as long as checking a real password.
   */
  async verifyNobody(password: string): Promise<false> {
    await this.verify(DUMMY_HASH, password);
    return false;
  }

  /** Ends the checking threads; a check still running is refused. */
  async close(): Promise<void> {
    this.closed = true;
    const checkers = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all([...checkers.map((checker) => checker.close()), ...this.retiring]);
  }
}
