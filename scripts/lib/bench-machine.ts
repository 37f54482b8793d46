/**
 * The machine a run was made on, and how busy it was: benchmark figures mean little without
 * the CPU, cores, memory, Node and OS, and nothing if something else was using the CPU.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** What the report says about the machine. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  node: string;
  os: string;
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
    if (pretty) return `${pretty} (${os.type()} ${os.release()} ${os.arch()})`;
  } catch {
    // Not Linux: the kernel name is all there is.
  }
  return `${os.type()} ${os.release()} ${os.arch()}`;
}

/** The machine this process runs on. */
export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    node: process.version,
    os: osName(),
  };
}

function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/**
 * The share of all cores (0–1) that was busy during the next `ms` milliseconds, while this
 * process waits: other work on the machine that would distort the figures.
 */
export async function backgroundLoad(ms = 1000): Promise<number> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTimes();
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}
