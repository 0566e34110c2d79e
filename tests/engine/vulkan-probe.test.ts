import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasHardwareIcd, vulkanAdvice, vulkanEnvFixes } from '../../src/engine/machine/vulkan-advice.js';
import { NVIDIA_CONTAINER_ICD_DIR, probeVulkan, type ProbeEnv, type VulkanProbe } from '../../src/engine/machine/vulkan-probe.js';

const LIB = '/usr/lib/x86_64-linux-gnu';
const NVIDIA_ICD = JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: 'libGLX_nvidia.so.0', api_version: '1.3.277' } });
const LVP_ICD = JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: `${LIB}/libvulkan_lvp.so`, api_version: '1.3.255' } });
const RADEON_ICD = JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: `${LIB}/libvulkan_radeon.so`, api_version: '1.3.255' } });
const CONTAINER_ICD = `${NVIDIA_CONTAINER_ICD_DIR}/nvidia_icd.json`;

interface Machine {
  /** path → content; folders are implied by the paths. */
  files: Record<string, string>;
  /** Library names the ldconfig cache lists, each at `${LIB}/<name>` (the file must be in files to count). */
  cached: string[];
  env: Record<string, string>;
  glibc: string | undefined;
}

/** A healthy NVIDIA machine: loader, glvnd, NVIDIA's manifest in /etc and its driver, new glibc and libstdc++. */
function healthy(): Machine {
  const cached = ['libvulkan.so.1', 'libGLdispatch.so.0', 'libGLX_nvidia.so.0', 'libstdc++.so.6'];
  return {
    files: {
      ...Object.fromEntries(cached.map((name) => [`${LIB}/${name}`, '\x7fELF'])),
      [`${LIB}/libstdc++.so.6`]: '\x7fELF\0GLIBCXX_3.4.29\0GLIBCXX_3.4.30\0GLIBCXX_3.4.31\0',
      '/etc/vulkan/icd.d/nvidia_icd.json': NVIDIA_ICD,
      '/proc/driver/nvidia/version': 'NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15',
    },
    cached,
    env: {},
    glibc: '2.39',
  };
}

function fake(machine: Machine): ProbeEnv {
  const files = new Map(Object.entries(machine.files));
  const dirs = new Map<string, Set<string>>();
  for (const path of files.keys()) {
    const parts = path.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const dir = '/' + parts.slice(0, i).join('/');
      if (!dirs.has(dir)) dirs.set(dir, new Set());
      dirs.get(dir)!.add(parts[i]);
    }
  }
  const cache = [`${machine.cached.length} libs found in cache \`/etc/ld.so.cache'`]
    .concat(machine.cached.map((name) => `\t${name} (libc6,x86-64) => ${LIB}/${name}`))
    .join('\n');
  return {
    env: machine.env,
    readFile: (path) => files.get(path),
    listDir: (path) => [...(dirs.get(path.replace(/\/+$/, '') || '/') ?? [])],
    exists: (path) => files.has(path) || dirs.has(path),
    ldconfigCache: () => cache,
    glibc: () => machine.glibc,
    homedir: '/home/lab',
  };
}

function without(machine: Machine, ...paths: string[]): Machine {
  const files = { ...machine.files };
  for (const path of paths) delete files[path];
  return { ...machine, files, cached: machine.cached.filter((name) => !paths.includes(`${LIB}/${name}`)) };
}

function withFiles(machine: Machine, files: Record<string, string>): Machine {
  return { ...machine, files: { ...machine.files, ...files } };
}

const withEnv = (machine: Machine, env: Record<string, string>): Machine => ({ ...machine, env: { ...machine.env, ...env } });

const probe = (machine: Machine): VulkanProbe => probeVulkan(fake(machine));

describe('probeVulkan on a healthy machine', () => {
  it('finds the loader, glvnd, a searched NVIDIA manifest and a new enough glibc/libstdc++, and advises nothing', () => {
    const result = probe(healthy());
    expect(result.libvulkan).toBe(`${LIB}/libvulkan.so.1`);
    expect(result.libGLdispatch).toBe(`${LIB}/libGLdispatch.so.0`);
    expect(result.icds).toEqual([
      { path: '/etc/vulkan/icd.d/nvidia_icd.json', library: 'libGLX_nvidia.so.0', software: false, searched: true, libraryFound: true },
    ]);
    expect(result.glibc).toBe('2.39');
    expect(result.glibcxx3430).toBe(true);
    expect(result.nvidiaKernelDriver).toBe(true);
    expect(hasHardwareIcd(result)).toBe(true);
    expect(vulkanAdvice(result)).toEqual([]);
    expect(vulkanEnvFixes(result)).toEqual({});
  });
});

describe('libraries', () => {
  it('reports a missing Vulkan loader with apt-get and the offline bundle as fixes', () => {
    const result = probe(without(healthy(), `${LIB}/libvulkan.so.1`));
    expect(result.libvulkan).toBeUndefined();
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/^libvulkan\.so\.1 .*not found/);
    expect(advice[0]).toContain('apt-get install libvulkan1');
    expect(advice[0]).toContain('offline bundle');
  });

  it('finds a library through LD_LIBRARY_PATH or the usual lib folders when the ldconfig cache lacks it', () => {
    const base = without(healthy(), `${LIB}/libvulkan.so.1`);
    const viaLdPath = withEnv(withFiles(base, { '/opt/nnlab/lib/libvulkan.so.1': '\x7fELF' }), { LD_LIBRARY_PATH: '/nowhere:/opt/nnlab/lib' });
    expect(probe(viaLdPath).libvulkan).toBe('/opt/nnlab/lib/libvulkan.so.1');
    const inLib64 = withFiles(base, { '/usr/lib64/libvulkan.so.1': '\x7fELF' });
    expect(probe(inLib64).libvulkan).toBe('/usr/lib64/libvulkan.so.1');
  });

  it('ignores an ldconfig entry whose file is gone', () => {
    const machine = healthy();
    const stale = { ...machine, files: { ...machine.files } };
    delete stale.files[`${LIB}/libvulkan.so.1`]; // still listed in the cache
    expect(probe(stale).libvulkan).toBeUndefined();
  });

  it('reports missing glvnd, which NVIDIA needs, with apt-get install libglvnd0', () => {
    const result = probe(without(healthy(), `${LIB}/libGLdispatch.so.0`));
    expect(result.libGLdispatch).toBeUndefined();
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/^libGLdispatch\.so\.0 \(glvnd\) not found/);
    expect(advice[0]).toContain('apt-get install libglvnd0');
  });

  it('does not ask for glvnd on a machine without any NVIDIA driver', () => {
    let machine = without(healthy(), `${LIB}/libGLdispatch.so.0`, '/etc/vulkan/icd.d/nvidia_icd.json', '/proc/driver/nvidia/version');
    machine = withFiles(machine, { '/usr/share/vulkan/icd.d/radeon_icd.x86_64.json': RADEON_ICD, [`${LIB}/libvulkan_radeon.so`]: '\x7fELF' });
    const result = probe(machine);
    expect(hasHardwareIcd(result)).toBe(true);
    expect(vulkanAdvice(result)).toEqual([]);
  });
});

describe('driver manifests', () => {
  it('reports no manifest at all, naming nvidia_icd.json and the graphics capability', () => {
    const result = probe(without(healthy(), '/etc/vulkan/icd.d/nvidia_icd.json'));
    expect(result.icds).toEqual([]);
    expect(hasHardwareIcd(result)).toBe(false);
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/^No Vulkan driver manifest/);
    expect(advice[0]).toContain('nvidia_icd.json');
    expect(advice[0]).toContain('graphics capability');
    expect(vulkanEnvFixes(result)).toEqual({});
  });

  it('classifies lavapipe as software: no hardware ICD, and the advice says software only', () => {
    let machine = without(healthy(), '/etc/vulkan/icd.d/nvidia_icd.json', '/proc/driver/nvidia/version');
    machine = withFiles(machine, { '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json': LVP_ICD, [`${LIB}/libvulkan_lvp.so`]: '\x7fELF' });
    const result = probe(machine);
    expect(result.icds).toEqual([
      { path: '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json', library: `${LIB}/libvulkan_lvp.so`, software: true, searched: true, libraryFound: true },
    ]);
    expect(hasHardwareIcd(result)).toBe(false);
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/software drivers only \(lvp_icd\.x86_64\.json\)/);
    expect(advice[0]).toContain('slower than WebAssembly');
  });

  it('classifies SwiftShader and llvmpipe as software by the library name or by the file name', () => {
    const machine = withFiles(healthy(), {
      '/usr/share/vulkan/icd.d/a.json': JSON.stringify({ ICD: { library_path: '/opt/sws/libvk_swiftshader.so' } }),
      '/usr/share/vulkan/icd.d/vk_swiftshader_icd.json': JSON.stringify({ ICD: { library_path: './libvulkan.so' } }),
      '/usr/share/vulkan/icd.d/b.json': JSON.stringify({ ICD: { library_path: 'libvulkan_llvmpipe.so' } }),
    });
    const software = Object.fromEntries(probe(machine).icds.map((icd) => [icd.path.split('/').pop(), icd.software]));
    expect(software).toEqual({ 'nvidia_icd.json': false, 'a.json': true, 'vk_swiftshader_icd.json': true, 'b.json': true });
  });

  it('finds the NVIDIA container manifest as not searched and fixes it with VK_ADD_DRIVER_FILES', () => {
    const machine = withFiles(without(healthy(), '/etc/vulkan/icd.d/nvidia_icd.json'), { [CONTAINER_ICD]: NVIDIA_ICD });
    const result = probe(machine);
    expect(result.icds).toEqual([{ path: CONTAINER_ICD, library: 'libGLX_nvidia.so.0', software: false, searched: false, libraryFound: true }]);
    expect(hasHardwareIcd(result)).toBe(false);
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toContain(`${CONTAINER_ICD} found but not searched`);
    expect(advice[0]).toContain(`export VK_ADD_DRIVER_FILES=${CONTAINER_ICD}`);
    const fixes = vulkanEnvFixes(result);
    expect(fixes).toEqual({ VK_ADD_DRIVER_FILES: CONTAINER_ICD });

    // With the fix applied the loader searches it, and nothing is left to advise.
    const fixed = probe(withEnv(machine, fixes));
    expect(fixed.icds.map((icd) => icd.searched)).toEqual([true]);
    expect(hasHardwareIcd(fixed)).toBe(true);
    expect(vulkanAdvice(fixed)).toEqual([]);
    expect(vulkanEnvFixes(fixed)).toEqual({});
  });

  it('keeps an existing VK_ADD_DRIVER_FILES value in the fix', () => {
    const machine = withEnv(withFiles(without(healthy(), '/etc/vulkan/icd.d/nvidia_icd.json'), { [CONTAINER_ICD]: NVIDIA_ICD, '/opt/other.json': LVP_ICD }), {
      VK_ADD_DRIVER_FILES: '/opt/other.json',
    });
    expect(vulkanEnvFixes(probe(machine))).toEqual({ VK_ADD_DRIVER_FILES: `/opt/other.json:${CONTAINER_ICD}` });
  });

  it('does not add the container manifest when a searched manifest already loads the same driver', () => {
    const result = probe(withFiles(healthy(), { [CONTAINER_ICD]: NVIDIA_ICD }));
    expect(result.icds.map((icd) => [icd.path, icd.searched])).toEqual([
      ['/etc/vulkan/icd.d/nvidia_icd.json', true],
      [CONTAINER_ICD, false],
    ]);
    expect(vulkanEnvFixes(result)).toEqual({});
    expect(vulkanAdvice(result)).toEqual([]);
  });

  it('VK_DRIVER_FILES naming a file restricts the search to that file', () => {
    const lvp = '/opt/vk/lvp_icd.json';
    const machine = withEnv(withFiles(healthy(), { [lvp]: LVP_ICD, [`${LIB}/libvulkan_lvp.so`]: '\x7fELF' }), { VK_DRIVER_FILES: lvp });
    const result = probe(machine);
    expect(Object.fromEntries(result.icds.map((icd) => [icd.path, icd.searched]))).toEqual({
      [lvp]: true,
      '/etc/vulkan/icd.d/nvidia_icd.json': false,
    });
    expect(hasHardwareIcd(result)).toBe(false);
    expect(vulkanEnvFixes(result)).toEqual({ VK_DRIVER_FILES: `${lvp}:/etc/vulkan/icd.d/nvidia_icd.json` });
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toContain('which VK_DRIVER_FILES leaves out');
    expect(advice[0]).toContain(`export VK_DRIVER_FILES=${lvp}:/etc/vulkan/icd.d/nvidia_icd.json`);
  });

  it('VK_DRIVER_FILES wins over VK_ICD_FILENAMES and VK_ADD_DRIVER_FILES, and accepts folders', () => {
    const machine = withEnv(withFiles(healthy(), { '/opt/vk/nvidia.json': NVIDIA_ICD, '/opt/old/x.json': LVP_ICD, [CONTAINER_ICD]: NVIDIA_ICD }), {
      VK_DRIVER_FILES: '/opt/vk',
      VK_ICD_FILENAMES: '/opt/old/x.json',
      VK_ADD_DRIVER_FILES: CONTAINER_ICD,
    });
    const result = probe(machine);
    expect(result.icds.filter((icd) => icd.searched).map((icd) => icd.path)).toEqual(['/opt/vk/nvidia.json']);
    expect(hasHardwareIcd(result)).toBe(true);
    expect(vulkanAdvice(result)).toEqual([]);

    // The older name alone still restricts the search.
    const older = probe(withEnv(healthy(), { VK_ICD_FILENAMES: '/nonexistent.json' }));
    expect(older.icds.map((icd) => icd.searched)).toEqual([false]);
    // (The file it names does not exist: the fix leaves it out.)
    expect(vulkanEnvFixes(older)).toEqual({ VK_ICD_FILENAMES: '/etc/vulkan/icd.d/nvidia_icd.json' });
  });

  it('follows XDG_DATA_DIRS: /usr/share is not searched when the variable leaves it out', () => {
    const machine = withFiles(without(healthy(), '/etc/vulkan/icd.d/nvidia_icd.json'), { '/usr/share/vulkan/icd.d/nvidia_icd.json': NVIDIA_ICD });
    expect(probe(machine).icds.map((icd) => icd.searched)).toEqual([true]);
    const narrowed = probe(withEnv(machine, { XDG_DATA_DIRS: '/opt/share' }));
    expect(narrowed.icds.map((icd) => icd.searched)).toEqual([false]);
    expect(vulkanEnvFixes(narrowed)).toEqual({ VK_ADD_DRIVER_FILES: '/usr/share/vulkan/icd.d/nvidia_icd.json' });
    // ~/.local/share (XDG_DATA_HOME's default) is searched.
    const home = withFiles(without(healthy(), '/etc/vulkan/icd.d/nvidia_icd.json'), { '/home/lab/.local/share/vulkan/icd.d/nvidia_icd.json': NVIDIA_ICD });
    expect(probe(home).icds.map((icd) => icd.searched)).toEqual([true]);
  });

  it('reports an NVIDIA manifest whose driver library is missing', () => {
    const result = probe(without(healthy(), `${LIB}/libGLX_nvidia.so.0`));
    expect(result.icds[0].libraryFound).toBe(false);
    expect(hasHardwareIcd(result)).toBe(false);
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toContain('names libGLX_nvidia.so.0, which is not found');
    expect(advice[0]).toContain('graphics capability');
  });

  it('reports a manifest that is not JSON', () => {
    const result = probe(withFiles(healthy(), { '/etc/vulkan/icd.d/nvidia_icd.json': '{ "ICD": ' }));
    expect(result.icds[0]).toMatchObject({ searched: true, error: 'is not valid JSON' });
    expect(hasHardwareIcd(result)).toBe(false);
    expect(vulkanAdvice(result).join('\n')).toContain('/etc/vulkan/icd.d/nvidia_icd.json is not valid JSON');
  });

  it('reports an NVIDIA kernel driver without an NVIDIA manifest even when Mesa manifests are searched', () => {
    const machine = withFiles(without(healthy(), '/etc/vulkan/icd.d/nvidia_icd.json'), {
      '/usr/share/vulkan/icd.d/radeon_icd.x86_64.json': RADEON_ICD,
      [`${LIB}/libvulkan_radeon.so`]: '\x7fELF',
    });
    const advice = vulkanAdvice(probe(machine));
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/^The NVIDIA kernel driver is loaded but no NVIDIA Vulkan driver manifest/);
  });
});

describe('NVIDIA container capabilities', () => {
  const capabilityAdvice = (value: string) =>
    vulkanAdvice(probe(withEnv(healthy(), { NVIDIA_DRIVER_CAPABILITIES: value }))).filter((line) => line.startsWith('NVIDIA_DRIVER_CAPABILITIES'));

  it('reports compute,utility as lacking graphics, with the docker fixes', () => {
    const result = probe(withEnv(healthy(), { NVIDIA_DRIVER_CAPABILITIES: 'compute,utility' }));
    expect(result.nvidiaDriverCapabilities).toBe('compute,utility');
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toContain('NVIDIA_DRIVER_CAPABILITIES=compute,utility leaves out graphics');
    expect(advice[0]).toContain('-e NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics');
    expect(advice[0]).toContain(`--gpus 'all,"capabilities=compute,utility,graphics"'`);
  });

  it('accepts all and graphics, and reports an empty value', () => {
    expect(capabilityAdvice('all')).toEqual([]);
    expect(capabilityAdvice('compute, utility, graphics')).toEqual([]);
    expect(capabilityAdvice('')).toHaveLength(1);
    expect(vulkanAdvice(probe(healthy()))).toEqual([]); // unset: not a container question
  });
});

describe('glibc and libstdc++', () => {
  it('reports glibc older than 2.34', () => {
    const result = probe({ ...healthy(), glibc: '2.31' });
    expect(result.glibc).toBe('2.31');
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/^glibc 2\.31 is too old .*2\.34 or newer/);
    expect(vulkanAdvice(probe({ ...healthy(), glibc: '2.34' }))).toEqual([]);
    expect(vulkanAdvice(probe({ ...healthy(), glibc: '2.4' }))).toHaveLength(1);
  });

  it('reports a libstdc++ without GLIBCXX_3.4.30', () => {
    const result = probe(withFiles(healthy(), { [`${LIB}/libstdc++.so.6`]: '\x7fELF\0GLIBCXX_3.4\0GLIBCXX_3.4.3\0GLIBCXX_3.4.28\0GLIBCXX_3.4.29\0' }));
    expect(result.glibcxx3430).toBe(false);
    const advice = vulkanAdvice(result);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toContain('lacks GLIBCXX_3.4.30');
  });

  it('reports libstdc++ not found as undefined', () => {
    const result = probe(without(healthy(), `${LIB}/libstdc++.so.6`));
    expect(result.glibcxx3430).toBeUndefined();
    expect(vulkanAdvice(result)).toEqual([expect.stringMatching(/^libstdc\+\+\.so\.6 not found/)]);
  });
});

describe('advice lines', () => {
  it('each names the problem and its fix, and ends with one full stop', () => {
    const broken: Machine = {
      files: { [CONTAINER_ICD]: NVIDIA_ICD, '/usr/share/vulkan/icd.d/lvp_icd.json': LVP_ICD, '/proc/driver/nvidia/version': 'NVRM' },
      cached: [],
      env: { NVIDIA_DRIVER_CAPABILITIES: 'compute,utility' },
      glibc: '2.31',
    };
    const advice = vulkanAdvice(probe(broken));
    expect(advice.length).toBeGreaterThanOrEqual(6);
    for (const line of advice) {
      expect(line).toContain('Fix:');
      expect(line).toMatch(/[^.]\.$/);
      expect(line).not.toMatch(/\.\.|\s\./);
    }
  });
});

describe('probeVulkan on this machine', () => {
  it('returns a complete probe without throwing', () => {
    const result = probeVulkan();
    expect(Array.isArray(result.icds)).toBe(true);
    for (const icd of result.icds) {
      expect(icd.path).toMatch(/^\/.*\.json$/);
      expect(typeof icd.searched).toBe('boolean');
      expect(typeof icd.software).toBe('boolean');
    }
    expect([true, false, undefined]).toContain(result.glibcxx3430);
    const header = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header;
    expect(result.glibc).toBe(header.glibcVersionRuntime);
    for (const lib of [result.libvulkan, result.libGLdispatch]) if (lib !== undefined) expect(existsSync(lib)).toBe(true);
    expect(vulkanAdvice(result).every((line) => typeof line === 'string' && line.length > 0)).toBe(true);
    expect(typeof hasHardwareIcd(result)).toBe('boolean');
  });
});

describe('loader variables that name nothing', () => {
  it('VK_ICD_FILENAMES=/nonexistent is named as missing, and the fix for the manifest it leaves out does not keep it', () => {
    const machine = healthy();
    machine.env = { VK_ICD_FILENAMES: '/nonexistent' };
    const result = probe(machine);
    expect(result.missingLoaderEntries).toEqual([['VK_ICD_FILENAMES', '/nonexistent']]);
    const advice = vulkanAdvice(result);
    expect(advice[0]).toBe(
      'VK_ICD_FILENAMES names /nonexistent, which does not exist, so the Vulkan loader finds no driver there. Fix: unset VK_ICD_FILENAMES, or set it to a driver manifest that exists (nnlab doctor lists those it found).',
    );
    const fix = advice.find((line) => line.includes('found but not searched'))!;
    expect(fix).toContain('Fix: export VK_ICD_FILENAMES=/etc/vulkan/icd.d/nvidia_icd.json ');
    expect(fix).not.toContain('/nonexistent');
  });
});
