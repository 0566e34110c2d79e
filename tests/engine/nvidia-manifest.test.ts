// A Vulkan manifest written for NVIDIA's driver where the driver library exists and
// no manifest names it (an H200 box measured for the course needed one by hand).
import { describe, expect, it } from 'vitest';
import { ensureNvidiaManifest, type ManifestSystem } from '../../src/engine/machine/nvidia-manifest.js';

function fakeSystem(files: string[], env: NodeJS.ProcessEnv = {}) {
  const written: Record<string, string> = {};
  const sys: ManifestSystem = {
    env,
    exists: (path) => files.includes(path),
    list: (folder) => files.filter((f) => f.startsWith(folder + '/')).map((f) => f.slice(folder.length + 1)),
    write: (folder, file, text) => void (written[`${folder}/${file}`] = text),
    folder: '/run/user/1000/nnlab-vulkan-1000',
  };
  return { sys, written, env };
}

describe("NVIDIA's Vulkan manifest", () => {
  it('writes one for the container-mounted driver library where none exists, and points both loader variables at it', () => {
    const { sys, written, env } = fakeSystem(['/usr/local/nvidia/lib64/libGLX_nvidia.so.0']);
    const note = ensureNvidiaManifest(sys);
    const path = '/run/user/1000/nnlab-vulkan-1000/nvidia_icd.json';
    expect(note).toBe(`the NVIDIA driver (/usr/local/nvidia/lib64/libGLX_nvidia.so.0) had no Vulkan manifest: nnlab wrote ${path} and uses it`);
    expect(JSON.parse(written[path])).toEqual({
      file_format_version: '1.0.1',
      ICD: { library_path: '/usr/local/nvidia/lib64/libGLX_nvidia.so.0', api_version: '1.3.0' },
    });
    expect(env.VK_DRIVER_FILES).toBe(path);
    expect(env.VK_ICD_FILENAMES).toBe(path);
  });

  it.each([
    ['a manifest exists', ['/usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0', '/usr/share/vulkan/icd.d/nvidia_icd.json'], {}],
    ["a container's manifest exists", ['/usr/local/nvidia/lib64/libGLX_nvidia.so.0', '/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json'], {}],
    ['the user chose the drivers', ['/usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0'], { VK_ICD_FILENAMES: '/x.json' }],
    ['there is no NVIDIA driver', ['/usr/share/vulkan/icd.d/lvp_icd.x86_64.json'], {}],
  ])('writes none where %s', (_why, files, env) => {
    const { sys, written } = fakeSystem(files, { ...env });
    expect(ensureNvidiaManifest(sys)).toBeUndefined();
    expect(written).toEqual({});
    expect(sys.env.VK_DRIVER_FILES).toBeUndefined();
  });

  it('says so where it cannot write, and sets nothing', () => {
    const { sys } = fakeSystem(['/usr/lib64/libGLX_nvidia.so.0']);
    sys.write = () => {
      throw new Error('EACCES: permission denied');
    };
    expect(ensureNvidiaManifest(sys)).toMatch(/has no Vulkan manifest, and nnlab could not write one to .*: EACCES/);
    expect(sys.env.VK_DRIVER_FILES).toBeUndefined();
  });
});
