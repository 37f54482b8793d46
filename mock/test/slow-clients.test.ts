/**
 * A client that trickles its request cannot hold a connection: the headers must arrive within
 * the header timeout and the whole request within the request timeout. The server then
 * answers a 408 REQUEST_TIMEOUT problem (nothing of the answer has been sent yet) and closes
 * the connection. The timeouts are shortened here so that the test does not wait for seconds.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errors } from '../../generated/contract.js';
import { startTestServer, type TestServer } from './support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ timeouts: { headersMs: 400, requestMs: 800 } });
});
afterAll(() => t?.close());

/** Opens a socket, writes `first`, then one byte of `rest` every `everyMs`; resolves with all it read once the server closes. */
function trickle(first: string, rest: string, everyMs: number, giveUpMs = 10_000): Promise<string> {
  const { port } = new URL(t.server.url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), '127.0.0.1');
    let read = '';
    let sent = 0;
    socket.on('data', (chunk) => (read += chunk.toString('utf8')));
    const timer = setInterval(() => {
      if (sent < rest.length && socket.writable) socket.write(rest[sent++]!);
    }, everyMs);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${giveUpMs} ms; it answered: ${JSON.stringify(read)}`));
    }, giveUpMs);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve(read);
    });
    socket.on('error', () => {});
    socket.write(first);
  });
}

function expectTimeoutProblem(answer: string): void {
  const [head, body] = answer.split('\r\n\r\n');
  expect(head, answer).toMatch(new RegExp(`^HTTP/1\\.1 ${errors.REQUEST_TIMEOUT.status} `));
  expect(head!.toLowerCase()).toContain('content-type: application/problem+json');
  expect(head!.toLowerCase()).toContain('connection: close');
  expect(JSON.parse(body!)).toMatchObject({ code: 'REQUEST_TIMEOUT', status: errors.REQUEST_TIMEOUT.status });
}

describe('slow clients', () => {
  it('headers sent one byte at a time get a 408 problem and the connection is closed', async () => {
    const answer = await trickle(
      'GET /api/v1/cameras HTTP/1.1\r\nHost: localhost\r\n',
      'X-Slow: 1111111111111111111111111111',
      200,
    );
    expectTimeoutProblem(answer);
  });

  it('a body sent one byte at a time gets a 408 problem and the connection is closed', async () => {
    const body = JSON.stringify({ email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api' });
    const answer = await trickle(
      `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
      200,
    );
    expectTimeoutProblem(answer);
  });
});
