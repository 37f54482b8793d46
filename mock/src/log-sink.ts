/**
 * The server's optional log: one line per request (method, path without query, status, time)
 * and unexpected errors. Headers and bodies are never logged, so no secret can reach it.
 */
/** Anything with `write`, such as a Node stream: what the `log` option accepts. */
export interface LogTarget {
  write(text: string): unknown;
}

/** Where log lines go. */
export interface LogSink {
  line(text: string): void;
}

/** A sink for the `log` option: nothing, stdout, or a given stream. */
export function logSinkOf(option: boolean | LogTarget | undefined): LogSink | null {
  if (!option) return null;
  const stream: LogTarget = option === true ? process.stdout : option;
  return { line: (text) => void stream.write(`${new Date().toISOString()} ${text}\n`) };
}
