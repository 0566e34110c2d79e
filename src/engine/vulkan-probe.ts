// What the WebGPU backend needs to reach a GPU on Linux: Dawn (the `webgpu` package's
// dawn.node) talks to the GPU through Vulkan, so it needs the Vulkan loader, a driver
// manifest (ICD JSON) for a hardware driver where the loader looks for it, glvnd for
// NVIDIA's driver, the graphics capability inside NVIDIA containers, and a glibc and
// libstdc++ new enough for dawn.node itself.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix } from 'node:path';

const { basename, dirname, isAbsolute, join } = posix;

export interface IcdManifest {
  /** The manifest file (JSON). */
  path: string;
  /** `ICD.library_path` as written in the manifest ('' when it could not be read). */
  library: string;
  /** A CPU implementation (lavapipe/llvmpipe, SwiftShader): exact but slower than WebAssembly. */
  software: boolean;
  /** Whether the Vulkan loader looks at this manifest with the environment probed. */
  searched: boolean;
  /** Why the manifest cannot be used (unreadable, not JSON, no library_path). */
  error?: string;
  /** Whether the driver library it names can be found (undefined: not checked, e.g. after an error). */
  libraryFound?: boolean;
}

export interface VulkanProbe {
  /** Path where the Vulkan loader libvulkan.so.1 was found, undefined when missing. */
  libvulkan?: string;
  /** Path of glvnd's libGLdispatch.so.0, which NVIDIA's Vulkan driver libGLX_nvidia.so.0 needs. */
  libGLdispatch?: string;
  /** Every manifest found, in searched and known-extra places (searched ones first). */
  icds: IcdManifest[];
  /** The env NVIDIA_DRIVER_CAPABILITIES, when set. */
  nvidiaDriverCapabilities?: string;
  /** glibc version at run time, e.g. "2.36"; undefined when not glibc (or not Linux). */
  glibc?: string;
  /** Whether libstdc++.so.6 has GLIBCXX_3.4.30; undefined: libstdc++ not found. */
  glibcxx3430: boolean | undefined;
  /** Whether the NVIDIA kernel driver is visible (/proc/driver/nvidia/version or /dev/nvidiactl). */
  nvidiaKernelDriver?: boolean;
  /** GPU device nodes (/dev/nvidia0…, /dev/dri/renderD…): without one, a hardware ICD has nothing to drive. */
  gpuDevices?: string[];
  /** The loader's search variables that were set: VK_DRIVER_FILES / VK_ICD_FILENAMES replace the search. */
  loaderEnv?: Partial<Record<(typeof LOADER_VARS)[number], string>>;
}

export interface ProbeEnv {
  env: NodeJS.ProcessEnv;
  /** The file's content (binary files decode with their ASCII intact), undefined when unreadable or a folder. */
  readFile(path: string): string | undefined;
  /** Entry names in a folder; [] when it is missing or not a folder. */
  listDir(path: string): string[];
  exists(path: string): boolean;
  /** Output of `ldconfig -p` ('' when unavailable). */
  ldconfigCache(): string;
  glibc(): string | undefined;
  homedir: string;
}

const LOADER_VARS = ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES', 'VK_ADD_DRIVER_FILES'] as const;

/** Where NVIDIA's container images put the Vulkan manifest: not one of the loader's default places. */
export const NVIDIA_CONTAINER_ICD_DIR = '/usr/local/nvidia/share/vulkan/icd.d';

const STANDARD_ICD_DIRS = ['/etc/xdg', '/etc', '/usr/local/share', '/usr/share'].map((dir) => `${dir}/vulkan/icd.d`);
const STANDARD_LIB_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/lib64'];
const SOFTWARE_DRIVER = /lvp|llvmpipe|lavapipe|swiftshader/i;

/** lavapipe (llvmpipe) or SwiftShader, by a driver library's or adapter's name. */
export const isSoftwareDriver = (name: string): boolean => SOFTWARE_DRIVER.test(name);
const NVIDIA_DRIVER = /nvidia/i;
const MIN_GLIBC = '2.34';

function realEnv(): ProbeEnv {
  return {
    env: process.env,
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    listDir(path) {
      try {
        return readdirSync(path);
      } catch {
        return [];
      }
    },
    exists: (path) => existsSync(path),
    ldconfigCache() {
      for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
        try {
          return execFileSync(ldconfig, ['-p'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
        } catch {
          // try the next spelling
        }
      }
      return '';
    },
    glibc() {
      try {
        const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
        return report?.header?.glibcVersionRuntime;
      } catch {
        return undefined;
      }
    },
    homedir: homedir(),
  };
}

const splitPaths = (value: string | undefined): string[] => (value ?? '').split(':').filter(Boolean);

/** Like the dynamic loader: the ldconfig cache, then LD_LIBRARY_PATH, then the usual lib folders. */
function makeLibraryFinder(io: ProbeEnv): (name: string) => string | undefined {
  let cache: string | undefined;
  return (name) => {
    cache ??= io.ldconfigCache();
    // Lines read "\tlibvulkan.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libvulkan.so.1".
    const entries = cache
      .split('\n')
      .map((line) => /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(.+?)\s*$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && m[1] === name)
      .filter((m) => process.arch !== 'x64' || m[2].includes('x86-64'))
      .map((m) => m[3]);
    const dirs = [...splitPaths(io.env.LD_LIBRARY_PATH), ...STANDARD_LIB_DIRS];
    return [...entries, ...dirs.map((dir) => join(dir, name))].find((path) => io.exists(path));
  };
}

/** Each place the loader searches for driver manifests, in its order (entries are files or folders). */
function loaderSearchPaths(io: ProbeEnv): { paths: string[]; defaults: string[] } {
  const env = io.env;
  const icdDir = (dir: string) => join(dir, 'vulkan', 'icd.d');
  const configHome = env.XDG_CONFIG_HOME || join(io.homedir, '.config');
  const configDirs = splitPaths(env.XDG_CONFIG_DIRS).length > 0 ? splitPaths(env.XDG_CONFIG_DIRS) : ['/etc/xdg'];
  const dataHome = env.XDG_DATA_HOME || join(io.homedir, '.local', 'share');
  const dataDirs = splitPaths(env.XDG_DATA_DIRS).length > 0 ? splitPaths(env.XDG_DATA_DIRS) : ['/usr/local/share', '/usr/share'];
  const defaults = [configHome, ...configDirs, '/etc', dataHome, ...dataDirs].map(icdDir);
  const override = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  if (override) return { paths: splitPaths(override), defaults };
  return { paths: [...splitPaths(env.VK_ADD_DRIVER_FILES), ...defaults], defaults };
}

/** The manifests an entry of the search names: a file itself, or the .json files of a folder. */
function manifestsAt(io: ProbeEnv, entry: string): string[] {
  const names = io.listDir(entry);
  if (names.length > 0) return names.filter((name) => name.endsWith('.json')).sort().map((name) => join(entry, name));
  return io.readFile(entry) !== undefined ? [entry] : [];
}

function readManifest(io: ProbeEnv, path: string, searched: boolean, findLibrary: (name: string) => string | undefined): IcdManifest {
  const text = io.readFile(path);
  const softwareName = SOFTWARE_DRIVER.test(basename(path));
  const broken = (error: string): IcdManifest => ({ path, library: '', software: softwareName, searched, error });
  if (text === undefined) return broken('cannot be read');
  let library: unknown;
  try {
    library = (JSON.parse(text) as { ICD?: { library_path?: unknown } } | null)?.ICD?.library_path;
  } catch {
    return broken('is not valid JSON');
  }
  if (typeof library !== 'string' || library === '') return broken('has no ICD.library_path');
  // A path with a slash is absolute or relative to the manifest; a bare name goes through the dynamic loader.
  const libraryFound = library.includes('/')
    ? io.exists(isAbsolute(library) ? library : join(dirname(path), library))
    : findLibrary(library) !== undefined;
  return { path, library, software: softwareName || SOFTWARE_DRIVER.test(basename(library)), searched, libraryFound };
}

export function probeVulkan(io: Partial<ProbeEnv> = {}): VulkanProbe {
  const env: ProbeEnv = { ...realEnv(), ...io };
  const findLibrary = makeLibraryFinder(env);

  const { paths, defaults } = loaderSearchPaths(env);
  const found = new Map<string, boolean>();
  const add = (entries: string[], searched: boolean) => {
    for (const manifest of entries.flatMap((entry) => manifestsAt(env, entry))) {
      found.set(manifest, (found.get(manifest) ?? false) || searched);
    }
  };
  add(paths, true);
  // Also the usual places, which XDG variables or VK_DRIVER_FILES may have taken out of the search.
  add([...defaults, ...STANDARD_ICD_DIRS, NVIDIA_CONTAINER_ICD_DIR], false);
  const icds = [...found].map(([path, searched]) => readManifest(env, path, searched, findLibrary));

  const libstdcxx = findLibrary('libstdc++.so.6');
  const libstdcxxText = libstdcxx === undefined ? undefined : env.readFile(libstdcxx);
  const loaderEnv = Object.fromEntries(LOADER_VARS.filter((name) => env.env[name]).map((name) => [name, env.env[name] as string]));

  return {
    libvulkan: findLibrary('libvulkan.so.1'),
    libGLdispatch: findLibrary('libGLdispatch.so.0'),
    icds,
    nvidiaDriverCapabilities: env.env.NVIDIA_DRIVER_CAPABILITIES,
    glibc: env.glibc(),
    glibcxx3430: libstdcxxText === undefined ? undefined : libstdcxxText.includes('GLIBCXX_3.4.30'),
    nvidiaKernelDriver: env.exists('/proc/driver/nvidia/version') || env.exists('/dev/nvidiactl'),
    gpuDevices: [
      ...env.listDir('/dev').filter((name) => /^nvidia\d+$/.test(name)).map((name) => `/dev/${name}`),
      ...env.listDir('/dev/dri').filter((name) => name.startsWith('renderD')).map((name) => `/dev/dri/${name}`),
    ],
    loaderEnv,
  };
}

const usable = (icd: IcdManifest) => !icd.error && icd.libraryFound !== false;
const isNvidia = (icd: IcdManifest) => NVIDIA_DRIVER.test(icd.library) || NVIDIA_DRIVER.test(basename(icd.path));

/** True when a hardware (non-software) ICD is among those the loader searches. */
export function hasHardwareIcd(probe: VulkanProbe): boolean {
  return probe.icds.some((icd) => icd.searched && !icd.software && usable(icd));
}

/** Hardware manifests the loader does not search, whose driver no searched manifest already provides. */
function unsearchedHardware(probe: VulkanProbe): IcdManifest[] {
  const searchedLibraries = new Set(probe.icds.filter((icd) => icd.searched && usable(icd)).map((icd) => basename(icd.library)));
  return probe.icds.filter((icd) => !icd.searched && !icd.software && usable(icd) && !searchedLibraries.has(basename(icd.library)));
}

/** The variable that makes the loader search more manifests, and its value with them added. */
function addToSearch(probe: VulkanProbe, manifests: string[]): [string, string] {
  const loaderEnv = probe.loaderEnv ?? {};
  const name = loaderEnv.VK_DRIVER_FILES ? 'VK_DRIVER_FILES' : loaderEnv.VK_ICD_FILENAMES ? 'VK_ICD_FILENAMES' : 'VK_ADD_DRIVER_FILES';
  return [name, [...splitPaths(loaderEnv[name]), ...manifests].join(':')];
}

/** Extra env to give the loader for ICDs found in places it does not search (NVIDIA container path), or {} */
export function vulkanEnvFixes(probe: VulkanProbe): Record<string, string> {
  const missed = unsearchedHardware(probe).map((icd) => icd.path);
  if (missed.length === 0) return {};
  const [name, value] = addToSearch(probe, missed);
  return { [name]: value };
}

function versionBelow(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] || 0;
    const y = b[i] || 0;
    if (x !== y) return x < y;
  }
  return false;
}

const list = (items: string[]) => items.join(', ');

/** The reasons WebGPU cannot reach a GPU here, each a line with its fix; empty when nothing is wrong that we can see. */
export function vulkanAdvice(probe: VulkanProbe): string[] {
  const advice: string[] = [];

  if (probe.glibc !== undefined && versionBelow(probe.glibc, MIN_GLIBC)) {
    advice.push(
      `glibc ${probe.glibc} is too old for WebGPU: dawn.node needs glibc ${MIN_GLIBC} or newer. Fix: use a newer system or image (Ubuntu 22.04, Debian 12, RHEL 9 or later); until then nnlab uses WebAssembly.`,
    );
  }
  if (probe.glibcxx3430 === false) {
    advice.push(
      'libstdc++.so.6 lacks GLIBCXX_3.4.30, which dawn.node needs (libstdc++ of GCC 12 or newer). Fix: update libstdc++6 (Ubuntu 22.04 or later has it; older Ubuntu: the ubuntu-toolchain-r/test PPA).',
    );
  } else if (probe.glibcxx3430 === undefined && probe.glibc !== undefined) {
    advice.push('libstdc++.so.6 not found: dawn.node needs it, with GLIBCXX_3.4.30. Fix: apt-get install libstdc++6 (Ubuntu 22.04 or later).');
  }

  if (!probe.libvulkan) {
    advice.push(
      "libvulkan.so.1 (the Vulkan loader) not found: WebGPU reaches the GPU through Vulkan. Fix: apt-get install libvulkan1, or use nnlab's offline bundle, which carries one.",
    );
  }

  const caps = probe.nvidiaDriverCapabilities;
  const capList = (caps ?? '').split(',').map((cap) => cap.trim().toLowerCase());
  if (caps !== undefined && !capList.includes('graphics') && !capList.includes('all')) {
    advice.push(
      `NVIDIA_DRIVER_CAPABILITIES=${caps || '(empty)'} leaves out graphics, so the NVIDIA container runtime does not mount the Vulkan driver (nvidia_icd.json, libGLX_nvidia.so.0). Fix: run the container with -e NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics (or all), or --gpus 'all,"capabilities=compute,utility,graphics"'.`,
    );
  }

  const nvidiaManifests = probe.icds.filter(isNvidia);
  const nvidiaPresent = Boolean(probe.nvidiaKernelDriver) || caps !== undefined || nvidiaManifests.length > 0;
  if (!probe.libGLdispatch && nvidiaPresent) {
    advice.push(
      "libGLdispatch.so.0 (glvnd) not found: NVIDIA's Vulkan driver libGLX_nvidia.so.0 cannot load without it. Fix: apt-get install libglvnd0.",
    );
  }

  const missed = unsearchedHardware(probe);
  for (const icd of missed) {
    const [name, value] = addToSearch(probe, [icd.path]);
    const why = name === 'VK_ADD_DRIVER_FILES' ? 'which is not a place the Vulkan loader searches' : `which ${name} leaves out`;
    advice.push(
      `Vulkan driver manifest ${icd.path} found but not searched, ${why}. Fix: export ${name}=${value} (nnlab's bundle launcher sets VK_ADD_DRIVER_FILES itself).`,
    );
  }

  for (const icd of probe.icds.filter((icd) => icd.searched && !icd.software && !icd.error && icd.libraryFound === false)) {
    const nvidia = isNvidia(icd);
    advice.push(
      `Vulkan driver manifest ${icd.path} names ${icd.library}, which is not found, so the loader cannot use it. Fix: ${
        nvidia
          ? 'install the NVIDIA driver libraries matching the kernel driver (libnvidia-gl-<version>); in a container, give it the graphics capability so they are mounted.'
          : 'install the driver package that provides it, or remove the stale manifest.'
      }`,
    );
  }

  const hardware = hasHardwareIcd(probe);
  if (!hardware) {
    for (const icd of probe.icds.filter((icd) => icd.searched && icd.error)) {
      advice.push(`Vulkan driver manifest ${icd.path} ${icd.error}, so the loader skips it. Fix: reinstall the driver package that wrote it.`);
    }
  }

  const ownOverride = probe.loaderEnv?.VK_DRIVER_FILES ? 'VK_DRIVER_FILES' : probe.loaderEnv?.VK_ICD_FILENAMES ? 'VK_ICD_FILENAMES' : undefined;
  const searchedSoftware = probe.icds.filter((icd) => icd.searched && icd.software && usable(icd));
  if (probe.icds.length === 0) {
    advice.push(
      'No Vulkan driver manifest (ICD JSON such as nvidia_icd.json) found in vulkan/icd.d under /etc, /usr/share, /usr/local/share, the XDG folders or /usr/local/nvidia/share. Fix: install the NVIDIA driver\'s Vulkan part (libnvidia-gl-<version>, matching the kernel driver); in a container, run it with the graphics capability so the runtime mounts it.',
    );
  } else if (!hardware && missed.length === 0) {
    if (searchedSoftware.length > 0) {
      advice.push(
        `The Vulkan loader finds software drivers only (${list(searchedSoftware.map((icd) => basename(icd.path)))}): they run on the CPU, slower than WebAssembly, so auto does not use WebGPU. Fix: make a hardware driver's manifest available, e.g. NVIDIA's nvidia_icd.json (libnvidia-gl-<version>, or the graphics capability in a container).`,
      );
    } else if (ownOverride) {
      advice.push(
        `${ownOverride}=${probe.loaderEnv?.[ownOverride]} leaves the Vulkan loader no usable hardware driver manifest. Fix: unset ${ownOverride}, or point it at a hardware driver's manifest such as nvidia_icd.json.`,
      );
    } else if (!advice.some((line) => line.startsWith('Vulkan driver manifest'))) {
      advice.push('The Vulkan loader finds no usable hardware driver manifest. Fix: install the GPU driver\'s Vulkan part (NVIDIA: libnvidia-gl-<version>).');
    }
  }
  if (probe.nvidiaKernelDriver && nvidiaManifests.length === 0 && probe.icds.length > 0) {
    advice.push(
      'The NVIDIA kernel driver is loaded but no NVIDIA Vulkan driver manifest (nvidia_icd.json) is found, so WebGPU cannot use the NVIDIA GPU. Fix: install libnvidia-gl-<version> matching the driver; in a container, run it with the graphics capability (-e NVIDIA_DRIVER_CAPABILITIES=all).',
    );
  }
  return advice;
}
