/**
 * Child entry point of the benchmarks: starts the reference server from its built bundle
 * (mock/dist, what `npm start` and the package run) on a free port of 127.0.0.1, and answers
 * the bench over IPC. With `--expose-gc` it reports the heap after a forced collection: a
 * bench-only channel, so the server's HTTP surface stays exactly the contract's.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { startServer as StartServer } from '../mock/src/index.js';
import { repoRoot } from '../tools/paths.js';
import type { BenchMessage, ChildMessage } from './child.js';

const send = (message: ChildMessage) => process.send?.(message);

/**
 * heapUsed once collections stop freeing memory. V8 drops the bytecode of a function that has
 * not run during five full collections (`--bytecode-old-age`), such as start-up code, so a
 * single GC leaves a reading that depends on how many collections happened before it. Six
 * collections, then more until one frees less than a KiB (at most twelve in all), make
 * readings taken at different moments comparable.
 */
function settledHeap(gc: () => void): number {
  let previous = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 12; i++) {
    gc();
    const used = process.memoryUsage().heapUsed;
    if (i >= 5 && previous - used < 1024) return used;
    previous = used;
  }
  return previous;
}

try {
  const bundle = pathToFileURL(path.join(repoRoot, 'mock', 'dist', 'index.js')).href;
  const { startServer } = (await import(bundle)) as { startServer: typeof StartServer };
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  const stop = () => void server.close().finally(() => process.exit(0));
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('message', (message: BenchMessage) => {
    if (message.kind === 'stop') stop();
    if (message.kind === 'heap') {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) return send({ kind: 'error', message: 'the heap is measured only with --expose-gc' });
      send({ kind: 'heap', heapUsed: settledHeap(gc) });
    }
  });
  send({
    kind: 'ready',
    url: server.url,
    liveKey: server.demo.liveKey,
    ownerEmail: server.demo.ownerEmail,
    password: server.demo.password,
  });
} catch (error) {
  send({ kind: 'error', message: (error as Error).message });
  process.exit(1);
}
