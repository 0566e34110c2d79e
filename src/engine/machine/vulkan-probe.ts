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
  /** Entries of those variables that name nothing (no such file or folder): [variable, entry]. */
  missingLoaderEntries?: [string, string][];
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
export const NVIDIA_DRIVER = /nvidia/i;
export const MIN_GLIBC = '2.34';

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

export const splitPaths = (value: string | undefined): string[] => (value ?? '').split(':').filter(Boolean);

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
  if (names.length > 0)
    return names
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(entry, name));
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
  const libraryFound = library.includes('/') ? io.exists(isAbsolute(library) ? library : join(dirname(path), library)) : findLibrary(library) !== undefined;
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
  const missingLoaderEntries = Object.entries(loaderEnv).flatMap(([name, value]) =>
    splitPaths(value)
      .filter((entry) => !env.exists(entry))
      .map((entry): [string, string] => [name, entry]),
  );

  return {
    libvulkan: findLibrary('libvulkan.so.1'),
    libGLdispatch: findLibrary('libGLdispatch.so.0'),
    icds,
    nvidiaDriverCapabilities: env.env.NVIDIA_DRIVER_CAPABILITIES,
    glibc: env.glibc(),
    glibcxx3430: libstdcxxText === undefined ? undefined : libstdcxxText.includes('GLIBCXX_3.4.30'),
    nvidiaKernelDriver: env.exists('/proc/driver/nvidia/version') || env.exists('/dev/nvidiactl'),
    gpuDevices: [
      ...env
        .listDir('/dev')
        .filter((name) => /^nvidia\d+$/.test(name))
        .map((name) => `/dev/${name}`),
      ...env
        .listDir('/dev/dri')
        .filter((name) => name.startsWith('renderD'))
        .map((name) => `/dev/dri/${name}`),
    ],
    loaderEnv,
    missingLoaderEntries,
  };
}
