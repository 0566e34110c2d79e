// NVIDIA's Vulkan driver is libGLX_nvidia.so.0; the Vulkan loader finds it through a
// manifest (nvidia_icd.json). Some driver installs and containers ship the library
// without any manifest (an H200 box measured for the course did): then nnlab writes one
// into a private folder and points the loader at it, before Dawn loads, and says so.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where NVIDIA's driver library may be: the container mount, then the system's folders. */
export const NVIDIA_GLX = [
  '/usr/local/nvidia/lib64/libGLX_nvidia.so.0',
  '/usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0',
  '/usr/lib64/libGLX_nvidia.so.0',
  '/lib/x86_64-linux-gnu/libGLX_nvidia.so.0',
];
/** Where the loader, or nnlab for NVIDIA's containers, looks for manifests. */
export const ICD_FOLDERS = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/usr/local/nvidia/share/vulkan/icd.d'];

export interface ManifestSystem {
  env: NodeJS.ProcessEnv;
  exists(path: string): boolean;
  list(folder: string): string[];
  write(folder: string, file: string, text: string): void;
  /** The private folder to write into. */
  folder: string;
}

const system = (): ManifestSystem => ({
  env: process.env,
  exists: existsSync,
  list: (folder) => {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  },
  write: (folder, file, text) => {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(join(folder, file), text);
  },
  folder: join(tmpdir(), `nnlab-vulkan-${process.getuid?.() ?? 'user'}`),
});

/**
 * Writes a manifest for NVIDIA's driver library where it exists and no manifest names
 * NVIDIA anywhere, and the user chose no drivers (VK_DRIVER_FILES, VK_ICD_FILENAMES,
 * VK_ADD_DRIVER_FILES); sets the loader's variables to it. What it did, in words, or undefined.
 */
export function ensureNvidiaManifest(sys: ManifestSystem = system()): string | undefined {
  if (sys.env.VK_DRIVER_FILES || sys.env.VK_ICD_FILENAMES || sys.env.VK_ADD_DRIVER_FILES) return undefined;
  if (ICD_FOLDERS.some((folder) => sys.list(folder).some((name) => /^nvidia.*\.json$/.test(name)))) return undefined;
  const library = NVIDIA_GLX.find((path) => sys.exists(path));
  if (!library) return undefined;
  const manifest = join(sys.folder, 'nvidia_icd.json');
  try {
    sys.write(sys.folder, 'nvidia_icd.json', JSON.stringify({ file_format_version: '1.0.1', ICD: { library_path: library, api_version: '1.3.0' } }) + '\n');
  } catch (err) {
    return `the NVIDIA driver (${library}) has no Vulkan manifest, and nnlab could not write one to ${manifest}: ${(err as Error).message}`;
  }
  // Both names: Vulkan loaders older than 1.3.207 (Ubuntu 22.04's) read only VK_ICD_FILENAMES.
  sys.env.VK_DRIVER_FILES = manifest;
  sys.env.VK_ICD_FILENAMES = manifest;
  return `the NVIDIA driver (${library}) had no Vulkan manifest: nnlab wrote ${manifest} and uses it`;
}
