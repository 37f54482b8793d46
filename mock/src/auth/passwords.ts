/**
 * Password checks with argon2id at the OWASP settings (19 MiB, 2 passes, 1 lane). Checks run
 * on libuv's pool, at most (cores − 1) at a time, so that a flood of logins leaves the event
 * loop a core for every other request. Unknown emails are checked against a dummy hash, so a
 * failed login takes the same time whether or not the account exists.
 */
import { availableParallelism } from 'node:os';
import { type Options, verify } from '@node-rs/argon2';
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

/** Verifies passwords with bounded concurrency. */
export class PasswordHasher {
  private readonly slots = new Semaphore(Math.max(1, availableParallelism() - 1));

  /** Whether `password` matches `phc`; a malformed hash never matches. */
  verify(phc: string, password: string): Promise<boolean> {
    return this.slots.run(async () => {
      try {
        return await verify(phc, password);
      } catch {
        return false;
      }
    });
  }

  /**
   * Burns the time of one verification without an account: the answer is always false, and it
   * takes as long as checking a real password.
   */
  async verifyNobody(password: string): Promise<false> {
    await this.verify(DUMMY_HASH, password);
    return false;
  }
}
