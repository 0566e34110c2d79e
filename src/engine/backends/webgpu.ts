// WebGPU through Dawn (the npm package `webgpu`, a Node addon) on Vulkan: any GPU
// with a Vulkan driver, whatever its CUDA version. A software adapter (lavapipe,
// SwiftShader) computes the same numbers but slower than WebAssembly: auto passes
// over it, `--backend webgpu` takes it (tests, CI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNvidiaManifest } from '../machine/nvidia-manifest.js';
import { errorMessage } from '../describe.js';
import { hasHardwareIcd, hasUsableIcd, vulkanAdvice, vulkanEnvFixes } from '../machine/vulkan-advice.js';
import { isSoftwareDriver, probeVulkan, type VulkanProbe } from '../machine/vulkan-probe.js';
import { installGentleDawnPolling } from './dawn-polling.js';
import { activate, loadedOn, type BackendProfile } from './profile.js';

/** What Dawn says of the adapter it found. */
interface AdapterInfo {
  vendor: string;
  device: string;
  description: string;
  software: boolean;
}

let dawnGpu: Promise<GPU> | undefined;

/**
 * Mesa's Vulkan drivers print "XDG_RUNTIME_DIR is invalid or not set" to stderr, before
 * nnlab's own words, where the variable is unset (a container, a cron job, sudo): give
 * them a private folder of their own, as a login session would.
 */
function privateRuntimeDir(): void {
  const current = process.env.XDG_RUNTIME_DIR;
  if (current && existsSync(current)) return;
  const dir = join(tmpdir(), `nnlab-runtime-${process.getuid?.() ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  } catch {
    // Without it Mesa only says so; nothing else depends on it.
  }
}

/** Loads dawn.node once and installs navigator.gpu, which tfjs-backend-webgpu looks for when it is imported. */
function loadDawn(flags: string[]): Promise<GPU> {
  dawnGpu ??= (async () => {
    privateRuntimeDir();
    installGentleDawnPolling();
    const { create, globals } = await import('webgpu');
    // GPUBufferUsage, GPUMapMode, … are globals in a browser; tfjs reads them so.
    Object.assign(globalThis, globals);
    const gpu = create(flags);
    const nav = (globalThis as { navigator?: object }).navigator;
    if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
    return gpu;
  })();
  return dawnGpu;
}

function describeAdapter(adapter: GPUAdapter): AdapterInfo {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const software = info.isFallbackAdapter === true || isSoftwareDriver(`${info.device} ${info.description}`);
  return { vendor: info.vendor || 'unknown vendor', device: info.device || 'unknown device', description: info.description || '', software };
}

/** "nvidia nvidia-h200 (NVIDIA: 580.159.04)". */
function adapterName(a: AdapterInfo): string {
  return `${a.vendor} ${a.device}${a.description ? ` (${a.description})` : ''}`;
}

/** What nnlab did about a missing NVIDIA manifest ('' nothing), once per process. */
let nvidiaManifest: string | undefined;

/** The note of ensureNvidiaManifest, where it wrote a manifest (for doctor and the device line's reader). */
export const nvidiaManifestNote = (): string | undefined => nvidiaManifest || undefined;

/**
 * The Vulkan set-up as the loader will see it: a driver manifest where NVIDIA
 * containers keep it, which the loader does not search, is added through
 * VK_ADD_DRIVER_FILES first (never when the user chose the drivers with
 * VK_DRIVER_FILES or VK_ICD_FILENAMES).
 */
function vulkanAsLoaded(): VulkanProbe {
  nvidiaManifest ??= ensureNvidiaManifest() ?? '';
  const probe = probeVulkan();
  const add = vulkanEnvFixes(probe).VK_ADD_DRIVER_FILES;
  if (!add) return probe;
  process.env.VK_ADD_DRIVER_FILES = add;
  return probeVulkan();
}

/** Why not to load Dawn at all (it prints its own failures to stderr); undefined: go ahead. */
function vulkanObstacle(forced: boolean): string | undefined {
  // Dawn reaches the GPU through Vulkan only on Linux (Metal on macOS, D3D12 on Windows).
  if (process.platform !== 'linux') return undefined;
  const probe = vulkanAsLoaded();
  if (!probe.libvulkan) return vulkanAdvice(probe).find((line) => line.includes('libvulkan')) ?? 'no Vulkan loader (libvulkan.so.1)';
  if (!hasUsableIcd(probe)) {
    return `no Vulkan driver the loader can use (no readable ICD manifest${probe.loaderEnv?.VK_DRIVER_FILES ? ` in VK_DRIVER_FILES=${probe.loaderEnv.VK_DRIVER_FILES}` : ''}): 'nnlab doctor' lists the Vulkan checks and their fixes`;
  }
  if (forced) return undefined;
  // Mesa installs manifests for Intel and AMD GPUs on machines without them: a device node tells.
  if (hasHardwareIcd(probe) && probe.gpuDevices?.length) return undefined;
  if (hasHardwareIcd(probe)) return 'no GPU device here (no /dev/nvidia0 or /dev/dri/renderD*): the Vulkan drivers installed have no GPU to drive';
  const software = probe.icds.some((icd) => icd.searched && icd.software);
  return software
    ? 'only a software Vulkan driver is installed (lavapipe or SwiftShader): exact but slower than WebAssembly, so auto passes over it (--backend webgpu takes it)'
    : (vulkanAdvice(probe).find((line) => /ICD|driver/i.test(line)) ?? 'no Vulkan driver for a GPU (no ICD manifest such as nvidia_icd.json)');
}

/** The adapter found once per process (Dawn loaded, the adapter asked for); a failure is not kept. */
let adapter: Promise<AdapterInfo> | undefined;

/**
 * Whether Dawn finds an adapter here, asked in a child process whose stderr is kept:
 * Dawn and the Vulkan drivers print their own lines (a C++ source location, "Vulkan
 * shaderUniform… required") for every device they pass over, before nnlab can say
 * anything. Asked only where no GPU device node exists (a forced webgpu with, at most,
 * a software driver): there a failure is likely, and the noise is all a user would see.
 */
function adapterInChild(): boolean {
  return askDawnInChild([]) === 'yes';
}

/**
 * Dawn asked in a child process (its own lines kept from the user's stderr, shown with
 * NNLAB_DEBUG): 'yes' where it finds an adapter, else 'no' and its error's message.
 */
function askDawnInChild(flags: string[]): string {
  const dawn = createRequire(import.meta.url).resolve('webgpu');
  const script = `const { create, globals } = require(${JSON.stringify(dawn)}); Object.assign(globalThis, globals);
create(${JSON.stringify(flags)}).requestAdapter({ powerPreference: 'high-performance' }).then(
  (a) => { process.stdout.write(a ? 'yes' : 'no'); process.exit(0); },
  (e) => { process.stdout.write('no ' + e.message); process.exit(0); });`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  if (process.env.NNLAB_DEBUG && child.stderr) process.stderr.write(child.stderr);
  return child.stdout ?? '';
}

/**
 * The adapters Dawn sees, in its order (what `NNLAB_GPU=N` counts): Dawn lists them when
 * asked for an adapter by a name none has. Identical GPUs have identical names.
 */
export function listAdapters(): string[] {
  const said = askDawnInChild(['adapter=__nnlab_list_adapters__']);
  return [...said.matchAll(/^\s*\* backend: '[^']*', name: '(.*)'$/gm)].map((m) => m[1]);
}

/** Dawn's flags for the GPU asked for (--gpu, else NNLAB_GPU: an index into listAdapters), or why it cannot be had. */
const chosenGpuFlags = (gpu: number | undefined): string[] => gpuChoice(gpu !== undefined ? String(gpu) : process.env.NNLAB_GPU, listAdapters);

/** The flags for GPU number `asked` of those `list` gives (listed only when one is asked for), or an Error saying why not. */
export function gpuChoice(asked: string | undefined, list: () => string[]): string[] {
  if (asked === undefined || asked === '') return [];
  const index = Number(asked);
  if (!/^\d+$/.test(asked.trim())) throw new Error(`NNLAB_GPU=${asked} is not a GPU's number (0, 1, …: 'nnlab doctor' lists them)`);
  const names = list();
  if (index >= names.length)
    throw new Error(
      `NNLAB_GPU=${index}: Dawn sees ${names.length} GPU${names.length === 1 ? '' : 's'} here (${names.map((n, i) => `${i}: ${n}`).join(', ') || 'none'})`,
    );
  const first = names.indexOf(names[index]);
  if (first !== index) {
    throw new Error(
      `NNLAB_GPU=${index}: GPUs ${first} and ${index} are both '${names[index]}', and Dawn picks a GPU by its name: it cannot tell identical GPUs apart (use NNLAB_GPU=${first}, or run where only one is visible)`,
    );
  }
  return [`adapter=${names[index]}`];
}

async function findAdapter(forced: boolean, asked: number | undefined): Promise<AdapterInfo> {
  const obstacle = vulkanObstacle(forced);
  if (obstacle) throw new Error(obstacle);
  if (process.platform === 'linux' && !vulkanAsLoaded().gpuDevices?.length && !adapterInChild()) {
    throw new Error(
      "Dawn found no WebGPU adapter through Vulkan (no GPU device, and no Vulkan driver it can use): 'nnlab doctor' lists the Vulkan checks and their fixes",
    );
  }
  // The GPU NNLAB_GPU names, or why it cannot be had (before Dawn loads: its flags choose the adapter).
  const flags = dawnGpu ? [] : chosenGpuFlags(asked);
  let gpu: GPU;
  try {
    gpu = await loadDawn(flags);
  } catch (err) {
    throw new Error(`Dawn (the webgpu package) failed to load: ${errorMessage(err)}`, { cause: err });
  }
  const found = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!found)
    throw new Error("Dawn found no WebGPU adapter through Vulkan (no Vulkan driver it can use): 'nnlab doctor' lists the Vulkan checks and their fixes");
  return describeAdapter(found);
}

/** Registers tfjs's webgpu backend (importing it does; navigator.gpu must be set first). */
async function registerTfjsWebgpu(): Promise<void> {
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (err) {
    throw new Error(`@tensorflow/tfjs-backend-webgpu failed to load: ${errorMessage(err)}`, { cause: err });
  }
}

export const webgpuProfile: BackendProfile = {
  mayUseGpu: true,
  explicitTranspose: false,
  hostTensors: false,
  fusedTraining: true,
  maxBenchMatMul: 4096,
  // WebGPU tells the largest buffer a device takes, not how much memory it has.
  memory: (tf) => {
    const limits = (tf.backend() as { device?: GPUDevice }).device?.limits;
    return { tensorBytes: limits?.maxBufferSize, source: "the GPU's largest buffer (WebGPU's maxBufferSize)" };
  },
  async load(tf, options = { forced: false }) {
    adapter ??= findAdapter(options.forced, options.gpu).catch((err: unknown) => {
      adapter = undefined; // a later call (another --backend) checks again
      throw err;
    });
    const found = await adapter;
    if (found.software && !options.forced) {
      throw new Error(`the only WebGPU adapter is a software one (${adapterName(found)}): slower than WebAssembly, so auto passes over it`);
    }
    await registerTfjsWebgpu();
    await activate(tf, 'webgpu');
    return found.software
      ? loadedOn('CPU', { kind: 'webgpu', software: true, adapter: found.description || found.device }, { gpu: 'software' })
      : loadedOn('GPU', { kind: 'webgpu', software: false, adapter: adapterName(found) }, { gpu: 'hardware' });
  },
};
