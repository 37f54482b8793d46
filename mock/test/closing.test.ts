/**
 * While the server closes, a request that still reaches it on an open connection is answered
 * 503 SERVICE_UNAVAILABLE as a problem, with `Retry-After` and `Connection: close`, never with
 * Fastify's own non-problem body.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { errors } from '../../generated/contract.js';
import { startTestServer } from './support/server.js';

describe('closing', () => {
  it('a request pipelined behind one that is still running while the server closes gets a 503 problem', async () => {
    const t = await startTestServer();
    const { port } = new URL(t.server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let read = '';
    socket.on('data', (chunk) => (read += chunk.toString('utf8')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const body = JSON.stringify({ email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api' });
    // The first request's body is held back, so the connection is busy when close() begins.
    socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((r) => setTimeout(r, 100));
    const closing = t.server.close();
    await new Promise((r) => setTimeout(r, 100));
    socket.write(`${body.slice(5)}GET /api/v1/cameras HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    await closed;
    await closing;
    const answers = read.split(/(?=HTTP\/1\.1 )/);
    const last = answers.at(-1)!;
    const [head, payload] = last.split('\r\n\r\n');
    expect(head, read).toMatch(new RegExp(`^HTTP/1\\.1 ${errors.SERVICE_UNAVAILABLE.status} `));
    expect(head!.toLowerCase()).toContain('content-type: application/problem+json');
    expect(head!.toLowerCase()).toMatch(/retry-after: \d+/);
    expect(JSON.parse(payload!)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
