/**
 * Child processes of the benchmarks. Every target runs in a process of its own, so that the
 * load generator (in the bench process) never shares an event loop with the server it
 * measures. Children talk to the bench over Node's IPC channel, which is no part of any
 * server's HTTP surface.
 */
import { type ChildProcess, fork } from 'node:child_process';

/** Messages a child sends to the bench. */
export type ChildMessage =
  | { kind: 'ready'; url: string; liveKey?: string; ownerEmail?: string; password?: string }
  | { kind: 'heap'; heapUsed: number }
  | { kind: 'error'; message: string };

/** Messages the bench sends to a child. */
export type BenchMessage = { kind: 'body'; body: string; contentType: string } | { kind: 'heap' } | { kind: 'stop' };

/** A running child with a typed request/answer channel. */
export interface Child {
  process: ChildProcess;
  send(message: BenchMessage): void;
  next<K extends ChildMessage['kind']>(kind: K, timeoutMs?: number): Promise<Extract<ChildMessage, { kind: K }>>;
  stop(): Promise<void>;
}

/**
 * Forks a TypeScript entry point (through tsx) with extra Node flags, and gives a typed
 * channel to it. Its output goes to the bench's stderr so that a failing child is visible.
 */
export function forkChild(entry: string, nodeFlags: readonly string[] = []): Child {
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx', ...nodeFlags],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <K extends ChildMessage['kind']>(kind: K, timeoutMs = 30_000) =>
    new Promise<Extract<ChildMessage, { kind: K }>>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`${entry}: no "${kind}" message within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (message: ChildMessage) => {
        if (message.kind === 'error') finish(new Error(`${entry}: ${message.message}`));
        else if (message.kind === kind) finish(undefined, message as Extract<ChildMessage, { kind: K }>);
      };
      const onExit = (code: number | null) =>
        finish(new Error(`${entry} exited (code ${code}) before sending "${kind}"`));
      const finish = (error?: Error, message?: Extract<ChildMessage, { kind: K }>) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(message!);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return {
    process: child,
    send: (message) => child.send(message),
    next,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send({ kind: 'stop' } satisfies BenchMessage);
        else child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}
