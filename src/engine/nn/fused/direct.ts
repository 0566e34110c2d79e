// The fused kernels (wgsl.ts) encoded straight on the GPUDevice, without a call
// through TensorFlow.js per dispatch: each program becomes a compute pipeline once
// (with its own bindings and a uniform struct read at a dynamic offset), each
// dispatch of the step gets its bind group once, and the uniforms of many steps are
// written in one go. A step is then a few setBindGroup/dispatch calls into an open
// compute pass; several steps go in one submit.
import type { Program } from './tiled-product.js';

/** A buffer a program reads (or, `writable`, also writes besides `result`), by the name its WGSL uses, and its element type. */
export interface Input {
  name: string;
  type: 'f32' | 'i32' | 'u32';
  writable?: boolean;
}

/** One slot of the uniform buffer per dispatch and step: WebGPU's dynamic-offset alignment. */
export const UNIFORM_SLOT = 256;

const fieldsOf = new WeakMap<Program, { name: string; type: 'i32' | 'f32' }[]>();

/** The fields of a program's `uniforms` string ("M : i32, N : i32, lr : f32,"), in order (parsed once per program). */
function uniformFields(program: Program): { name: string; type: 'i32' | 'f32' }[] {
  let fields = fieldsOf.get(program);
  if (!fields) fieldsOf.set(program, (fields = parseFields(program)));
  return fields;
}

function parseFields(program: Program): { name: string; type: 'i32' | 'f32' }[] {
  return program.uniforms
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean)
    .map((field) => {
      const [name, type] = field.split(':').map((part) => part.trim());
      return { name, type: type as 'i32' | 'f32' };
    });
}

/**
 * The program as a whole WGSL module: what TensorFlow.js's preamble would give it
 * (the output `result`, one buffer per input, `uniforms`, the built-in ids), with
 * `inPlace` inputs read from `result` itself (the optimizer's state, the running sums).
 */
export function moduleSource(program: Program, inputs: readonly Input[], inPlace: readonly string[] = []): string {
  let code = program.getUserCode();
  for (const name of inPlace) code = code.replace(new RegExp(`\\b${name}\\[`, 'g'), 'result[');
  const fields = uniformFields(program);
  const indexed = /fn main\(\s*\w+\s*:\s*i32\s*\)/.test(code);
  const [x, y, z] = program.workgroupSize;
  return [
    `struct Uniforms { ${fields.map((f) => `${f.name} : ${f.type},`).join(' ')} }`,
    '@group(0) @binding(0) var<storage, read_write> result : array<f32>;',
    ...inputs.map((input, i) => `@group(0) @binding(${i + 1}) var<storage, ${input.writable ? 'read_write' : 'read'}> ${input.name} : array<${input.type}>;`),
    `@group(0) @binding(${inputs.length + 1}) var<uniform> uniforms : Uniforms;`,
    'var<private> localId : vec3<u32>;',
    'var<private> workgroupId : vec3<u32>;',
    'var<private> localIndex : u32;',
    code,
    `@compute @workgroup_size(${x}, ${y}, ${z})`,
    'fn nnlabEntry(@builtin(local_invocation_id) l : vec3<u32>, @builtin(workgroup_id) w : vec3<u32>,',
    '              @builtin(local_invocation_index) li : u32, @builtin(global_invocation_id) g : vec3<u32>) {',
    '  localId = l;',
    '  workgroupId = w;',
    '  localIndex = li;',
    indexed ? '  main(i32(g.x));' : '  main();',
    '}',
  ].join('\n');
}

/**
 * How a program's uniforms are written for each step: the struct as it is for every
 * step (a template of words, written into each slot once), and the fields that take
 * one of the step's own values (a batch's place in the epoch, Adam's corrections).
 * Writing a step is then a few stores: the uniforms of 64 steps are written every 64
 * steps, mostly by code run too seldom for the JIT to optimize.
 */
export interface UniformPlan<Step> {
  template: Uint32Array;
  varying: { word: number; key: keyof Step & string; float: boolean }[];
}

/**
 * The plan of `uniforms` (the struct's values for a step), found by asking it for two
 * steps whose values all differ (`probes`): a field equal in both is fixed; one equal
 * to the same step value in both takes that value; anything else is refused. A third
 * probe, far from the first two, checks the plan: a field computed from a step value
 * (⌈rows / 64⌉, min(rows, 256)) can look fixed or copied at two small steps.
 */
export function uniformPlan<Step extends Record<string, number>>(
  program: Program,
  uniforms: (step: Step) => Record<string, number>,
  probes: [Step, Step, Step],
): UniformPlan<Step> {
  const fields = uniformFields(program);
  const [first, second, third] = probes.map(uniforms);
  const template = new Uint32Array(fields.length);
  const [ints, floats] = [new Int32Array(template.buffer), new Float32Array(template.buffer)];
  const varying: UniformPlan<Step>['varying'] = [];
  fields.forEach(({ name, type }, word) => {
    const [a, b] = [first[name], second[name]];
    if (a === undefined) throw new Error(`uniform ${name} of ${program.shaderKey} has no value`);
    const float = type === 'f32';
    if (Object.is(a, b)) {
      (float ? floats : ints)[word] = a;
      return;
    }
    const key = Object.keys(probes[0]).find((k) => probes[0][k] === a && probes[1][k] === b);
    if (key === undefined) throw new Error(`uniform ${name} of ${program.shaderKey} is neither the same for every step nor one of the step's values`);
    varying.push({ word, key, float });
  });
  const plan = { template, varying };
  // The plan written for the third probe must say what `uniforms` says of it, word for word.
  const slot = Uint32Array.from(template);
  writeStepValues(plan, probes[2], new Int32Array(slot.buffer), new Float32Array(slot.buffer), 0);
  const expected = new Uint32Array(fields.length);
  fields.forEach(({ name, type }, word) => ((type === 'f32' ? new Float32Array(expected.buffer) : new Int32Array(expected.buffer))[word] = third[name]));
  fields.forEach(({ name }, word) => {
    if (slot[word] !== expected[word])
      throw new Error(`uniform ${name} of ${program.shaderKey} is computed from the step's values, not the same for every step nor one of them`);
  });
  return plan;
}

/** Writes one step's own values by their plan into the slot at `word`, whose template is in place. */
export function writeStepValues<Step extends Record<string, number>>(
  plan: UniformPlan<Step>,
  step: Step,
  ints: Int32Array,
  floats: Float32Array,
  word: number,
): void {
  for (const { word: at, key, float } of plan.varying) (float ? floats : ints)[word + at] = step[key];
}

/** A program made into a pipeline, with the layout its bind groups take. */
export interface Kernel {
  program: Program;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  inputs: readonly Input[];
}

/** Compiles a program (asynchronously: a driver compiles for tens of milliseconds, and the step waits for all at once). */
export async function compileKernel(device: GPUDevice, program: Program, inputs: readonly Input[], inPlace: readonly string[] = []): Promise<Kernel> {
  const layout = device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
      ...inputs.map((input, i) => ({
        binding: i + 1,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: input.writable ? ('storage' as const) : ('read-only-storage' as const) },
      })),
      { binding: inputs.length + 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true } },
    ],
  });
  const module = device.createShaderModule({ code: moduleSource(program, inputs, inPlace), label: program.shaderKey });
  const pipeline = await device.createComputePipelineAsync({
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'nnlabEntry' },
    label: program.shaderKey,
  });
  return { program, pipeline, layout, inputs };
}

/** A bind group of a kernel over these buffers: the output, the inputs in order, and the uniform buffer (one slot at a dynamic offset). */
export function bindKernel(device: GPUDevice, kernel: Kernel, output: GPUBuffer, inputs: readonly GPUBuffer[], uniforms: GPUBuffer): GPUBindGroup {
  if (inputs.length !== kernel.inputs.length) throw new Error(`${kernel.program.shaderKey} takes ${kernel.inputs.length} inputs, not ${inputs.length}`);
  return device.createBindGroup({
    layout: kernel.layout,
    entries: [
      { binding: 0, resource: { buffer: output } },
      ...inputs.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
      { binding: inputs.length + 1, resource: { buffer: uniforms, size: UNIFORM_SLOT } },
    ],
  });
}
