// WebGPU tests run on a software Vulkan GPU (lavapipe): vitest.config.ts finds
// the one scripts/software-vulkan.sh sets up. In CI a missing one is a failure,
// never a silent skip.
import { describe, it } from 'vitest';

export const softwareVulkan = Boolean(process.env.VK_DRIVER_FILES);

export function describeWebgpu(name: string, body: () => void): void {
  if (softwareVulkan) {
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => {
      it('has a software Vulkan GPU to run on', () => {
        throw new Error('no software Vulkan (VK_DRIVER_FILES unset): .ci/run must run scripts/software-vulkan.sh');
      });
    });
  } else {
    console.warn(`[nnlab tests] skipped "${name}": no software Vulkan here; set it up once with: bash scripts/software-vulkan.sh`);
    describe.skip(name, body);
  }
}
