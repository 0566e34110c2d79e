// The WebGPU backend end to end through the built CLI, on a software Vulkan GPU.
import { execa } from 'execa';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeWebgpu } from '../webgpu.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const nnlab = (args: string[], env: Record<string, string> = {}) => execa('node', [CLI, ...args], { reject: false, env, timeout: 120_000 });

describeWebgpu('webgpu backend (built CLI, software Vulkan)', () => {
  it('--backend webgpu trains the course MLP with the fused kernels and names the adapter', async () => {
    const { stdout, exitCode } = await nnlab([
      'run',
      'mlp',
      '--backend',
      'webgpu',
      '--json',
      '--limit',
      '1200',
      '--test-limit',
      '200',
      '--epochs',
      '3',
      '--images',
      '0',
    ]);
    expect(exitCode).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events[0]).toMatchObject({ kind: 'start', backend: 'webgpu', device: 'CPU' });
    expect(events[0].deviceDetail).toMatch(/^software GPU: llvmpipe.* via WebGPU/);
    expect(events.some((e) => e.kind === 'text' && /fused WebGPU kernels: 12 dispatches per step/.test(e.text))).toBe(true);
    const result = events.find((e) => e.kind === 'result');
    expect(result.metrics.testAcc).toBeGreaterThan(0.3); // chance is 0.1
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
  });

  it("--gpu N chooses the GPU by its number in doctor's list; one that is not there is refused, naming those that are", async () => {
    const ok = await nnlab(['run', 'sigmoid', '--backend', 'webgpu', '--gpu', '0', '--quiet']);
    expect(ok.exitCode).toBe(0);
    const missing = await nnlab(['run', 'sigmoid', '--backend', 'webgpu', '--gpu', '5', '--quiet']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/NNLAB_GPU=5: Dawn sees 1 GPU here \(0: .+\)/);
    const typo = await nnlab(['run', 'sigmoid', '--gpu', 'x']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('--gpu must be an integer from 0 to 63 (got "x")');
  });

  it('auto passes over a software adapter and says why; doctor explains', async () => {
    const { stdout, exitCode } = await nnlab(['doctor', '--json'], { NNLAB_BACKEND: 'auto' });
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    const webgpu = report.backends.find((b: { backend: string }) => b.backend === 'webgpu');
    expect(webgpu.ok).toBe(false);
    expect(webgpu.reason).toMatch(/software Vulkan driver.*auto passes over it/);
    expect(report.chosen.backend).toBe('wasm');
    expect(report.webgpu.icds.some((icd: { software: boolean; searched: boolean }) => icd.software && icd.searched)).toBe(true);
  });

  it('--backend webgpu without a usable Vulkan driver exits 2 and names the reason', async () => {
    const { stdout, stderr, exitCode } = await nnlab(['run', 'sigmoid', '--backend', 'webgpu'], { VK_DRIVER_FILES: '/nonexistent/icd.json' });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/backend 'webgpu' cannot be used: no Vulkan driver the loader can use .*VK_DRIVER_FILES=\/nonexistent\/icd.json/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it("--backend webgpu where Dawn finds no adapter: one nnlab line on stderr, none of Dawn's or the drivers' own", async () => {
    // A manifest the loader reads whose library is no Vulkan driver: Dawn loads, and finds nothing.
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-icd-'));
    const icd = join(dir, 'icd.json');
    const libc = ['/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/libc.so.6'].find((path) => existsSync(path))!;
    writeFileSync(icd, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: libc, api_version: '1.3.0' } }));
    const { stdout, stderr, exitCode } = await nnlab(['run', 'sigmoid', '--backend', 'webgpu'], { VK_DRIVER_FILES: icd });
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^nnlab: backend 'webgpu' cannot be used: Dawn found no WebGPU adapter/)]);
  });

  it('lab 7 times matrix products on the GPU backend it runs on', async () => {
    const { stdout, exitCode } = await nnlab(['run', 'gpu', '--backend', 'webgpu', '--backends', 'current', '--sizes', '64,128', '--json']);
    expect(exitCode).toBe(0);
    const result = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((e) => e.kind === 'result');
    expect(result.metrics.webgpu_64).toBeGreaterThan(0);
    expect(result.metrics.webgpu_128).toBeGreaterThan(0);
  });
});
