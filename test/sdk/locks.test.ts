/**
 * The in-process lock: one holder per name at a time, first come first served, and a waiter
 * that gives up leaves the queue without letting anyone past the holder.
 */
import { describe, expect, it } from 'vitest';
import { inProcessLock } from '../../src/index.js';

const free = () => ({ signal: new AbortController().signal });

/** The names the in-process lock has queues for (kept on globalThis, shared by every copy of the SDK). */
const queuedNames = () => [
  ...((globalThis as Record<symbol, Map<string, unknown>>)[Symbol.for('@novavms/sdk in-process locks')]?.keys() ?? []),
];

/** A task that records when it starts and ends, and ends when `finish` is called. */
function heldTask(log: string[], name: string) {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const task = async () => {
    log.push(`${name} in`);
    await finished;
    log.push(`${name} out`);
  };
  return { task, finish };
}

describe('inProcessLock', () => {
  it('runs the holders of one name one after the other, in the order they asked', async () => {
    const log: string[] = [];
    const a = heldTask(log, 'A');
    const b = heldTask(log, 'B');
    const first = inProcessLock('queue', a.task, free());
    const second = inProcessLock('queue', b.task, free());
    const third = inProcessLock('queue', async () => void log.push('C in'), free());
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['A in']);
    a.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['A in', 'A out', 'B in']);
    b.finish();
    await Promise.all([first, second, third]);
    expect(log).toEqual(['A in', 'A out', 'B in', 'B out', 'C in']);
  });

  it('lets no one past the holder when a waiter gives up: the next waiter still waits for the holder', async () => {
    const log: string[] = [];
    const a = heldTask(log, 'A');
    const holder = inProcessLock('give-up', a.task, free());
    const quitter = new AbortController();
    const gaveUp = inProcessLock('give-up', async () => void log.push('B in'), { signal: quitter.signal }).catch(
      (reason: unknown) => void log.push(`B gave up: ${String(reason)}`),
    );
    await new Promise((resolve) => setImmediate(resolve));
    quitter.abort('stop');
    await gaveUp;
    const next = inProcessLock('give-up', async () => void log.push('C in'), free());
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['A in', 'B gave up: stop']);
    a.finish();
    await Promise.all([holder, next]);
    expect(log).toEqual(['A in', 'B gave up: stop', 'A out', 'C in']);
  });

  it('lets a waiter that gave up be followed at once once the holder is gone, and frees the name', async () => {
    const log: string[] = [];
    const a = heldTask(log, 'A');
    const holder = inProcessLock('after', a.task, free());
    const quitter = new AbortController();
    const gaveUp = inProcessLock('after', async () => void log.push('B in'), { signal: quitter.signal }).catch(
      () => void log.push('B gave up'),
    );
    quitter.abort();
    await gaveUp;
    a.finish();
    await holder;
    await inProcessLock('after', async () => void log.push('C in'), free());
    expect(log).toEqual(['A in', 'B gave up', 'A out', 'C in']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queuedNames()).not.toContain('after');
  });

  it('keeps names apart: a holder of one name does not hold up another', async () => {
    const log: string[] = [];
    const a = heldTask(log, 'A');
    const holder = inProcessLock('one', a.task, free());
    await inProcessLock('two', async () => void log.push('other name in'), free());
    expect(log).toEqual(['A in', 'other name in']);
    a.finish();
    await holder;
  });
});
