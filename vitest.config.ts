import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The WebGPU tests run on a software Vulkan GPU (lavapipe) set up by
// scripts/software-vulkan.sh (.ci/run calls it). The loader reads these variables
// when a worker starts, so they are set here, before the workers are forked.
const lvpDir = process.env.NNLAB_LVP_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'software-vulkan');
if (!process.env.VK_DRIVER_FILES && existsSync(join(lvpDir, 'lvp_icd.json'))) {
  process.env.VK_DRIVER_FILES = join(lvpDir, 'lvp_icd.json');
  const lib = join(lvpDir, 'root/usr/lib/x86_64-linux-gnu');
  process.env.LD_LIBRARY_PATH = [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['tests/setup.ts'],
  },
});
