// What a Vulkan set-up lacks for WebGPU, read from a VulkanProbe: each cause with
// its fix (nnlab doctor, and the webgpu backend's reasons), and the variable that
// points the loader at a driver manifest it would not search.
import { posix } from 'node:path';
import { MIN_GLIBC, NVIDIA_DRIVER, splitPaths, type IcdManifest, type VulkanProbe } from './vulkan-probe.js';

const { basename } = posix;

const usable = (icd: IcdManifest) => !icd.error && icd.libraryFound !== false;
const isNvidia = (icd: IcdManifest) => NVIDIA_DRIVER.test(icd.library) || NVIDIA_DRIVER.test(basename(icd.path));

/** True when the loader searches at least one readable manifest whose driver library is there. */
export function hasUsableIcd(probe: VulkanProbe): boolean {
  return probe.icds.some((icd) => icd.searched && usable(icd));
}

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
  // What the variable names that does not exist stays out of the fix.
  const missing = new Set((probe.missingLoaderEntries ?? []).filter(([variable]) => variable === name).map(([, entry]) => entry));
  return [name, [...splitPaths(loaderEnv[name]).filter((entry) => !missing.has(entry)), ...manifests].join(':')];
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
    advice.push("libGLdispatch.so.0 (glvnd) not found: NVIDIA's Vulkan driver libGLX_nvidia.so.0 cannot load without it. Fix: apt-get install libglvnd0.");
  }

  for (const [name, entry] of probe.missingLoaderEntries ?? []) {
    advice.push(
      `${name} names ${entry}, which does not exist, so the Vulkan loader finds no driver there. Fix: unset ${name}, or set it to a driver manifest that exists (nnlab doctor lists those it found).`,
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
      "No Vulkan driver manifest (ICD JSON such as nvidia_icd.json) found in vulkan/icd.d under /etc, /usr/share, /usr/local/share, the XDG folders or /usr/local/nvidia/share. Fix: install the NVIDIA driver's Vulkan part (libnvidia-gl-<version>, matching the kernel driver); in a container, run it with the graphics capability so the runtime mounts it.",
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
      advice.push("The Vulkan loader finds no usable hardware driver manifest. Fix: install the GPU driver's Vulkan part (NVIDIA: libnvidia-gl-<version>).");
    }
  }
  if (probe.nvidiaKernelDriver && nvidiaManifests.length === 0 && probe.icds.length > 0) {
    advice.push(
      'The NVIDIA kernel driver is loaded but no NVIDIA Vulkan driver manifest (nvidia_icd.json) is found, so WebGPU cannot use the NVIDIA GPU. Fix: install libnvidia-gl-<version> matching the driver; in a container, run it with the graphics capability (-e NVIDIA_DRIVER_CAPABILITIES=all).',
    );
  }
  return advice;
}
