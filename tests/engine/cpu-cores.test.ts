import { describe, expect, it } from 'vitest';
import { cgroupCpuQuota, idleCores, usableCores, type ReadText } from '../../src/engine/machine/cpu-cores.js';
import { wasmThreadPlan } from '../../src/engine/backends/wasm.js';
import { coresWords, planWords, type ThreadPlan } from '../../src/engine/backends/device-words.js';

/** A plan as the device line says it. */
const said = (plan: ThreadPlan) => ({ threads: plan.threads, why: planWords(plan, 'en') });

const files =
  (entries: Record<string, string>): ReadText =>
  (path) =>
    entries[path];

describe('usable cores', () => {
  it('no cgroup files: every CPU the process may run on', () => {
    expect(cgroupCpuQuota(files({}))).toBeUndefined();
    expect(usableCores(files({}), 6)).toEqual({ cores: 6 });
    expect(coresWords(usableCores(files({}), 6), 'en')).toBe('6 cores');
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
    expect(coresWords(usableCores(read, 16), 'en')).toBe('2 cores (cgroup CPU quota; 16 on the machine)');
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
    expect(said(wasmThreadPlan(undefined, { cores: 2 }))).toEqual({ threads: 2, why: 'one per core: 2 cores' });
    expect(said(wasmThreadPlan(undefined, { cores: 1 }))).toEqual({ threads: 1, why: 'one core' });
    expect(said(wasmThreadPlan(undefined, { cores: 16 }))).toEqual({ threads: 8, why: "one per core: 16 cores; tfjs's wasm build uses at most 8" });
  });

  it('by default one per idle core: the usable cores less the load average, at least one', () => {
    const two = { cores: 2 };
    expect(idleCores(two, 0.3)).toEqual(two);
    expect(idleCores(two, 1.2)).toEqual({ cores: 1, idleOf: 2, load: 1.2 });
    expect(coresWords(idleCores(two, 1.2), 'en')).toBe('1 of 2 cores idle (load average 1.2)');
    expect(idleCores(two, 5)).toMatchObject({ cores: 1, idleOf: 2 });
    expect(idleCores({ cores: 16 }, 9.6)).toMatchObject({ cores: 6 });
    expect(said(wasmThreadPlan(undefined, idleCores({ cores: 16 }, 2.4)))).toEqual({
      threads: 8,
      why: "one per idle core: 14 of 16 cores idle (load average 2.4); tfjs's wasm build uses at most 8",
    });
    expect(said(wasmThreadPlan(undefined, idleCores(two, 1.2)))).toEqual({ threads: 1, why: 'one per idle core: 1 of 2 cores idle (load average 1.2)' });
    expect(said(wasmThreadPlan(2, idleCores(two, 1.2)))).toEqual({ threads: 2, why: 'as asked' });
  });

  it('as asked, within the same cap', () => {
    expect(said(wasmThreadPlan(1, { cores: 16 }))).toEqual({ threads: 1, why: 'as asked' });
    expect(wasmThreadPlan(12, { cores: 2 }).threads).toBe(8);
  });
});
