/**
 * What a contract test file starts from, awaited at its top level: the target, a validating
 * client, the suite's settings with the admin and viewer accounts, a cached login of each,
 * and key fixtures that revoke what the file minted when it ends.
 */

import { readSettings } from '../../../tools/target-settings.js';
import { CachedLogin } from './cached-login.js';
import { clientFor } from './contract-client.js';
import { KeyFixtures } from './service-accounts.js';
import { getTarget } from './target.js';

/** The need of a test that a stateless example mock cannot meet. */
export const STATEFUL = ['stateful'] as const;

export async function contractFile() {
  const target = await getTarget();
  const client = clientFor(target);
  const settings = readSettings();
  const adminLogin = new CachedLogin(client, settings.admin);
  const viewerLogin = new CachedLogin(client, settings.viewer);
  const keys = new KeyFixtures(client, adminLogin);
  return { target, client, settings, admin: settings.admin, viewer: settings.viewer, adminLogin, viewerLogin, keys };
}
