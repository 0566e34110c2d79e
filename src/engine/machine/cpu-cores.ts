// How many cores this process may really use: the CPUs it may run on
// (affinity, as os.availableParallelism reports), and no more than a container's
// CPU quota allows (cgroup v2 cpu.max, or v1 cfs_quota_us), which
// availableParallelism does not see. Threads beyond the quota only wait.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

/** Cores, as data (backends/device-words.ts words them: "4 cores (cgroup CPU quota; 16 on the machine)"). */
export interface CoreCount {
  cores: number;
  /** The CPUs this process may run on, where a cgroup quota allows fewer (then cores is the quota). */
  machine?: number;
  /** idleCores, where other processes keep some busy: the usable cores, of which `cores` are idle. */
  idleOf?: number;
  /** With idleOf: the load average of the last minute. */
  load?: number;
}

/** Reads a file as text, or undefined where it does not exist (injected in tests). */
export type ReadText = (path: string) => string | undefined;

const readText: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

export function usableCores(read: ReadText = readText, cpus = availableParallelism()): CoreCount {
  const quota = cgroupCpuQuota(read);
  if (quota !== undefined && quota < cpus) return { cores: quota, machine: cpus };
  return { cores: cpus };
}

/** Whole CPUs the cgroup quota allows (at least 1), the tightest along the path to the root; undefined: no quota. */
export function cgroupCpuQuota(read: ReadText = readText): number | undefined {
  const limits: number[] = [];
  // cgroup v2: "0::/path" in /proc/self/cgroup, and cpu.max ("max 100000" or "150000 100000") along that path.
  const v2 = read('/proc/self/cgroup')
    ?.split('\n')
    .find((line) => line.startsWith('0::'));
  if (v2 !== undefined) {
    const parts = v2.slice(3).trim().split('/').filter(Boolean);
    for (let depth = parts.length; depth >= 0; depth--) {
      const [quota, period] = (read(join('/sys/fs/cgroup', ...parts.slice(0, depth), 'cpu.max')) ?? '').trim().split(/\s+/);
      if (quota && quota !== 'max') limits.push(Number(quota) / Number(period));
    }
  }
  // cgroup v1: the cpu controller's quota and period, in microseconds (-1: none).
  const quotaV1 = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'));
  const periodV1 = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'));
  if (quotaV1 > 0 && periodV1 > 0) limits.push(quotaV1 / periodV1);
  const finite = limits.filter((n) => Number.isFinite(n) && n > 0);
  return finite.length > 0 ? Math.max(1, Math.floor(Math.min(...finite))) : undefined;
}

/**
 * The usable cores that are idle now: those less the load average of the last
 * minute (what other processes keep busy), at least one. On a shared teaching
 * server a run that takes every core waits on the others' threads; one that
 * takes the idle ones does not.
 */
export function idleCores(cores: CoreCount = usableCores(), load = loadavg()[0]): CoreCount {
  const busy = Math.round(Number.isFinite(load) ? Math.max(0, load) : 0);
  const idle = Math.max(1, cores.cores - busy);
  if (busy === 0) return cores;
  return { ...cores, cores: idle, idleOf: cores.cores, load };
}
