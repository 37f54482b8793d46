/**
 * Starts the reference server in-process through its public start function, on a free
 * port with an in-memory database, as the SDK's integration tests need it.
 */
export interface ReferenceServer {
  url: string;
  close(): Promise<void>;
  clock: { advance(seconds: number): void; set(date: Date): void; now(): Date };
  demo: { ownerEmail: string; viewerEmail: string; password: string; liveKey: string; testKey: string };
}

interface MockModule {
  startServer(options: { port: number; db: string }): Promise<ReferenceServer>;
}

/** The reference server, or a clear error when the mock package has no start function yet. */
export async function startReferenceServer(): Promise<ReferenceServer> {
  const mock = (await import('../../../mock/src/index.js')) as unknown as MockModule;
  if (typeof mock.startServer !== 'function') throw new Error('mock/src/index.ts does not export startServer');
  return mock.startServer({ port: 0, db: ':memory:' });
}
