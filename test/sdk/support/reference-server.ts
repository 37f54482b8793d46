/**
 * The reference server for the SDK's integration tests, started in-process through its
 * public start function on a free port with an in-memory database.
 */
import { type RunningServer, startServer } from '../../../mock/src/index.js';

export type ReferenceServer = RunningServer;

/** A fresh reference server with the demo data. */
export function startReferenceServer(): Promise<ReferenceServer> {
  return startServer({ port: 0, db: ':memory:' });
}
