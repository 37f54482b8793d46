/**
 * One api-client login reused across a file's tests (logins are slow on purpose: argon2id),
 * for the user a test acts as rather than the session it examines. `forget()` after moving
 * the target's clock or resetting it.
 */

import type { Credentials } from '../../../tools/target-settings.js';
import type { ContractClient } from './contract-client.js';
import { type ApiSession, apiSession } from './sessions.js';

/** A lazily made, reusable login. */
export class CachedLogin {
  private session: Promise<ApiSession> | undefined;

  constructor(
    private readonly client: ContractClient,
    private readonly credentials: Credentials,
  ) {}

  /** The session, logging in the first time. */
  current(): Promise<ApiSession> {
    if (!this.session) {
      this.session = apiSession(this.client, this.credentials);
      this.session.catch(() => (this.session = undefined));
    }
    return this.session;
  }

  /** The session's access token. */
  async token(): Promise<string> {
    return (await this.current()).accessToken;
  }

  /** Drops the session; the next call logs in again. */
  forget(): void {
    this.session = undefined;
  }
}
