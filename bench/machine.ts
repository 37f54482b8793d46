/**
 * The machine a run was made on, and how busy it was: benchmark figures mean little without
 * the CPU, cores, memory, Node and OS, and nothing if something else was using the CPU.
 */
import { readdirSync, readFileSync } from 'node:fs';
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

/**
 * Jiffies (USER_HZ) the whole machine spent busy, from /proc/stat: user, nice, system, and the
 * interrupt time in which the kernel also moves this bench's loopback traffic.
 */
function machineBusyTicks(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1, 8).map(Number);
    return user! + nice! + system! + irq! + softirq!;
  } catch {
    return undefined;
  }
}

/**
 * CPU ticks used by this process and every process below it, alive or already reaped: their
 * own user and system time, and for this process also that of its waited-for children.
 */
function ownTreeTicks(): number | undefined {
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ');
        // After "pid (comm) ": state ppid ... utime(12) stime(13) cutime(14) cstime(15), 0-based from state.
        const ppid = Number(fields[1]);
        const own = Number(fields[11]) + Number(fields[12]);
        const waited = Number(fields[13]) + Number(fields[14]);
        stats.set(Number(name), { ppid, ticks: Number(name) === process.pid ? own + waited : own });
      } catch {
        // The process ended while the list was read.
      }
    }
    let total = 0;
    for (const [pid, stat] of stats) {
      for (let up: number | undefined = pid; up !== undefined && up > 1; up = stats.get(up)?.ppid) {
        if (up === process.pid) {
          total += stat.ticks;
          break;
        }
      }
    }
    return total;
  } catch {
    return undefined;
  }
}

/** A running measurement of the CPU that other programs take. */
export interface ForeignLoadWindow {
  /** The share of all cores (0–1) used by processes outside the bench since the window opened. */
  close(): number;
}

/**
 * Opens a window over which the CPU time of everything but the bench and its children is
 * measured (Linux only; elsewhere the share reads 0). A benchmark figure is only as good as
 * the quiet around it: the report shows this share for each measurement.
 */
export function openForeignLoadWindow(): ForeignLoadWindow {
  const machineBefore = machineBusyTicks();
  const ownBefore = ownTreeTicks();
  const startedAt = Date.now();
  return {
    close: () => {
      const machineAfter = machineBusyTicks();
      const ownAfter = ownTreeTicks();
      const seconds = (Date.now() - startedAt) / 1000;
      if (
        machineBefore === undefined ||
        machineAfter === undefined ||
        ownBefore === undefined ||
        ownAfter === undefined ||
        seconds <= 0
      )
        return 0;
      const foreignTicks = machineAfter - machineBefore - (ownAfter - ownBefore);
      return Math.max(0, foreignTicks / 100 / seconds / os.availableParallelism());
    },
  };
}
