/**
 * Memory: the reference server's heap (heapUsed after a forced GC, read over the bench-only
 * IPC channel of its launcher) after the first requests and after many more, all of them
 * validated API requests: a leak per request shows as growth between the two.
 */
import { forkChild } from './child.js';
import { failures, type LoadRequest, type LoadSettings, runLoad } from './load.js';
import { login } from './sessions.js';

/** The two heap readings and the requests that led to them. */
export interface MemoryResult {
  heapAfterFirstBytes: number;
  heapAfterAllBytes: number;
  firstRequests: number;
  totalRequests: number;
  /**
   * A third reading after many more requests (four times the total), so that warm-up (code the
   * JIT compiles, caches filling) can be told from a leak, which would keep growing.
   */
  heapAfterMoreBytes: number;
  moreRequests: number;
  /** Answers other than 200 (there should be none). */
  failures: number;
}

/**
 * Starts a reference server with `--expose-gc`, sends `first` requests, reads the heap, sends
 * the rest up to `total`, reads it again, and once more after four times `total`. The requests cycle through the camera list and one
 * camera with an API key and with an access token, and who-am-I with the access token.
 */
export async function measureMemory(
  settings: LoadSettings,
  referenceEntry: string,
  first: number,
  total: number,
): Promise<MemoryResult> {
  const server = forkChild(referenceEntry, ['--expose-gc']);
  try {
    const { url, liveKey, ownerEmail, password } = await server.next('ready');
    const { access_token } = await login(url, { email: ownerEmail!, password: password! });
    const key = { authorization: `Bearer ${liveKey}` };
    const jwt = { authorization: `Bearer ${access_token}` };
    const requests: LoadRequest[] = [
      { method: 'GET', path: '/api/v1/cameras', headers: key },
      { method: 'GET', path: '/api/v1/cameras?limit=2', headers: jwt },
      { method: 'GET', path: '/api/v1/cameras/cam_lobby01', headers: key },
      { method: 'GET', path: '/api/v1/me', headers: jwt },
    ];
    const heap = async () => {
      server.send({ kind: 'heap' });
      return (await server.next('heap')).heapUsed;
    };
    const firstRun = await runLoad(settings, { url, requests, amount: first });
    const heapAfterFirstBytes = await heap();
    const rest = await runLoad(settings, { url, requests, amount: total - first });
    const heapAfterAllBytes = await heap();
    const more = await runLoad(settings, { url, requests, amount: 3 * total });
    const heapAfterMoreBytes = await heap();
    return {
      heapAfterFirstBytes,
      heapAfterAllBytes,
      firstRequests: first,
      totalRequests: total,
      heapAfterMoreBytes,
      moreRequests: 4 * total,
      failures: failures(firstRun) + failures(rest) + failures(more),
    };
  } finally {
    await server.stop();
  }
}
