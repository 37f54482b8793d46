/**
 * The command line of an npm script's entry point: `node:util` `parseArgs`, and for a command
 * line it cannot use, one line `name: why` on stderr and exit code 2, never a stack trace.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

export function commandLine<T extends ParseArgsConfig>(name: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
