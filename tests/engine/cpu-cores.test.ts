import { describe, expect, it } from 'vitest';
import { cgroupCpuQuota, usableCores, type ReadText } from '../../src/engine/machine/cpu-cores.js';
import { wasmThreadPlan } from '../../src/engine/backends/wasm.js';

const files =
  (entries: Record<string, string>): ReadText =>
  (path) =>
    entries[path];

describe('usable cores', () => {
  it('no cgroup files: every CPU the process may run on', () => {
    expect(cgroupCpuQuota(files({}))).toBeUndefined();
    expect(usableCores(files({}), 6)).toEqual({ cores: 6, why: '6 cores' });
  });

  it('cgroup v2: the tightest cpu.max along the path to the root, in whole CPUs', () => {
    const read = files({
      '/proc/self/cgroup': '0::/kubepods/pod1/app\n',
      '/sys/fs/cgroup/kubepods/pod1/app/cpu.max': 'max 100000\n',
      '/sys/fs/cgroup/kubepods/pod1/cpu.max': '250000 100000\n',
      '/sys/fs/cgroup/kubepods/cpu.max': '800000 100000\n',
      '/sys/fs/cgroup/cpu.max': 'max 100000\n',
    });
    expect(cgroupCpuQuota(read)).toBe(2);
    expect(usableCores(read, 16)).toEqual({ cores: 2, why: '2 cores (cgroup CPU quota; 16 on the machine)' });
  });

  it('a quota of less than one CPU still leaves one core; a quota above the CPUs changes nothing', () => {
    expect(cgroupCpuQuota(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': '50000 100000' }))).toBe(1);
    expect(usableCores(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': '800000 100000' }), 4).cores).toBe(4);
  });

  it('cgroup v1: cfs_quota_us over cfs_period_us; -1 is no quota', () => {
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '300000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBe(3);
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBeUndefined();
  });
});

describe('wasm thread plan', () => {
  it('one thread per usable core, at most the 8 tfjs-backend-wasm builds in', () => {
    expect(wasmThreadPlan(undefined, { cores: 2, why: '2 cores' })).toEqual({ threads: 2, why: 'one per core: 2 cores' });
    expect(wasmThreadPlan(undefined, { cores: 1, why: '1 core' })).toEqual({ threads: 1, why: 'one core' });
    expect(wasmThreadPlan(undefined, { cores: 16, why: '16 cores' })).toEqual({ threads: 8, why: "one per core: 16 cores; tfjs's wasm build uses at most 8" });
  });

  it('as asked, within the same cap', () => {
    expect(wasmThreadPlan(1, { cores: 16, why: '16 cores' })).toEqual({ threads: 1, why: 'as asked' });
    expect(wasmThreadPlan(12, { cores: 2, why: '2 cores' }).threads).toBe(8);
  });
});
