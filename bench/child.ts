/**
 * What the bench runs inside other processes.
 *
 * Run as a script (`node --import tsx bench/child.ts PORT`), it is the baseline: a bare
 * `node:http` server answering every request with the body and content type in BENCH_BODY and
 * BENCH_CONTENT_TYPE (the reference server's own `GET /api/v1/cameras` answer), so that the
 * difference is the reference server's routing, authentication, validation and framework.
 *
 * Preloaded into the reference server's CLI (`node --expose-gc --import tsx --import
 * bench/child.ts mock/bin/novavms-mock.js …`), it answers "heap" over the IPC channel with
 * heapUsed after forced collections: a channel of the bench only, so the server's HTTP surface
 * stays exactly the contract's.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * heapUsed once collections stop freeing memory. V8 drops the bytecode of a function that has
 * not run during five full collections (start-up code, for one), so a single collection leaves
 * a reading that depends on how many came before it: six, then more until one frees less than
 * a KiB (twelve at most), make readings taken at different moments comparable.
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const body = Buffer.from(process.env.BENCH_BODY ?? '', 'utf8');
  const headers = { 'content-type': process.env.BENCH_CONTENT_TYPE ?? '', 'content-length': String(body.length) };
  const server = createServer((_request, response) => response.writeHead(200, headers).end(body));
  server.listen(Number(process.argv[2]), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
} else {
  process.on('message', (message) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (message === 'heap' && gc) process.send?.(settledHeap(gc));
  });
}
