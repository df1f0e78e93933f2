/**
 * CPU time per process during a benchmark's measured window, from Linux's `/proc/<pid>/stat`
 * (user + system clock ticks): where the machine's cores went, per service and per server
 * (nats-server, redis-server, postgres), so a throughput limit can be traced to its process
 * instead of guessed; and how often each process went to sleep (voluntary context switches of
 * all its threads, from `/proc/<pid>/task/<tid>/status`): on a virtual machine every wake-up costs
 * far more than the work it often does, so the count explains CPU that no profile shows; and its
 * read and write system calls (`/proc/<pid>/io` syscr, syscw: socket reads and writes are
 * most of them here): each write on a loopback socket runs the peer's TCP receive and wakes it,
 * so the count is an exact measure of round trips saved, where CPU timings are noisy.
 * Elsewhere than Linux the readings are empty and the benchmark says so.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: clock ticks per second in /proc/<pid>/stat (100 on every common build). */
const TICKS_PER_SECOND = 100;

/** Total CPU milliseconds (user + system) a process has used, or undefined when it is gone. */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces; fields after its closing parenthesis are plain
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Voluntary context switches of all a process's threads (each one a sleep, then a wake-up). */
function sleepsOf(pid: number): number | undefined {
  try {
    let sum = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      sum += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    }
    return sum;
  } catch {
    return undefined;
  }
}

/** Read and write system calls of a process so far (`/proc/<pid>/io`; its own or root's). */
function syscallsOf(pid: number): { reads: number; writes: number } | undefined {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    return {
      reads: Number(/^syscr:\s+(\d+)/m.exec(io)?.[1] ?? 0),
      writes: Number(/^syscw:\s+(\d+)/m.exec(io)?.[1] ?? 0),
    };
  } catch {
    return undefined;
  }
}

/** Pids whose command name (`/proc/<pid>/comm`) is one of `names`. */
function pidsNamed(names: readonly string[]): Map<number, string> {
  const found = new Map<number, string>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const name = names.find((candidate) => comm.startsWith(candidate));
      if (name !== undefined) found.set(Number(entry), name);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export interface CpuWindow {
  /**
   * Per label (processes of one label summed), since the window opened: CPU milliseconds used,
   * sleeps (voluntary context switches; threads that ended meanwhile are not counted), and read
   * and write system calls.
   */
  close(): ProcessUse;
}

export interface ProcessUse {
  readonly cpuMs: Record<string, number>;
  readonly sleeps: Record<string, number>;
  readonly reads: Record<string, number>;
  readonly writes: Record<string, number>;
}

/**
 * Opens a window over the labelled pids plus the shared servers of this machine; `close()`
 * returns what each used since. The benchmark's own process is labelled `bench`.
 */
export function openCpuWindow(labelled: ReadonlyMap<string, number>): CpuWindow {
  const servers = pidsNamed(['nats-server', 'redis-server', 'postgres']);
  const tracked = new Map<number, string>([...servers]);
  for (const [label, pid] of labelled) tracked.set(pid, label);
  tracked.set(process.pid, 'bench');
  const before = new Map<
    number,
    { cpuMs: number; sleeps: number; reads: number; writes: number }
  >();
  for (const pid of tracked.keys()) {
    const calls = syscallsOf(pid);
    before.set(pid, {
      cpuMs: cpuMsOf(pid) ?? 0,
      sleeps: sleepsOf(pid) ?? 0,
      reads: calls?.reads ?? 0,
      writes: calls?.writes ?? 0,
    });
  }
  const benchBefore = process.cpuUsage();
  return {
    close() {
      const cpuMs: Record<string, number> = {};
      const sleeps: Record<string, number> = {};
      const reads: Record<string, number> = {};
      const writes: Record<string, number> = {};
      for (const [pid, label] of tracked) {
        const nowMs = cpuMsOf(pid);
        const nowSleeps = sleepsOf(pid);
        const nowCalls = syscallsOf(pid);
        if (nowMs === undefined || nowSleeps === undefined || nowCalls === undefined) continue;
        const then = before.get(pid);
        cpuMs[label] = (cpuMs[label] ?? 0) + nowMs - (then?.cpuMs ?? 0);
        sleeps[label] = (sleeps[label] ?? 0) + nowSleeps - (then?.sleeps ?? 0);
        reads[label] = (reads[label] ?? 0) + nowCalls.reads - (then?.reads ?? 0);
        writes[label] = (writes[label] ?? 0) + nowCalls.writes - (then?.writes ?? 0);
      }
      // the benchmark's own CPU more finely than clock ticks
      const bench = process.cpuUsage(benchBefore);
      cpuMs.bench = (bench.user + bench.system) / 1000;
      return { cpuMs, sleeps, reads, writes };
    },
  };
}
