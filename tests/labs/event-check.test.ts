// The runner's event check: the generated validator is the shipped schema's,
// and its verdicts agree with Ajv compiling the schema afresh.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { labEventProblem } from '../../src/labs/kit/event-check.js';
// @ts-expect-error: a build script in plain JavaScript
import { generateEventCheck, TARGET, TYPES } from '../../scripts/gen-event-check.mjs';
// @ts-expect-error: a build script in plain JavaScript
import { EVENT_TYPES, generateEventTypes } from '../../scripts/gen-event-types.mjs';

const schema = JSON.parse(readFileSync(new URL('../../schema/lab-events.v1.schema.json', import.meta.url), 'utf8'));
const fresh = new Ajv({ strict: false }).compile(schema);

const GOOD: unknown[] = [
  { kind: 'text', text: 'hi' },
  { kind: 'text', text: 'hi', style: 'formula' },
  { kind: 'table', id: 't', title: 'T', columns: ['a'], rows: [[1, 'x', null]] },
  { kind: 'point', chart: 'c', title: 't', name: 'n', x: 1, y: 2 },
  { kind: 'metric', scope: 'epoch', step: 1, values: { loss: 0.5 } },
  { kind: 'result', metrics: { acc: 1 }, values: { any: ['thing'] } },
  { kind: 'warning', message: 'careful' },
];
const BAD: unknown[] = [
  { kind: 'text' },
  { kind: 'text', text: 'hi', style: 'shout' },
  { kind: 'text', text: 'hi', extra: 1 },
  { kind: 'table', id: 't', title: 'T', columns: ['a'] },
  { kind: 'point', chart: 'c', title: 't', name: 'n', x: 1, y: '2' },
  { kind: 'metric', scope: 'epoch', step: 1.5, values: {} },
  { kind: 'progress', id: 'p', label: 'l', done: -1, total: 2 },
  { kind: 'shout', text: 'hi' },
];

describe('labEventProblem', () => {
  it('the generated validator is up to date with the schema (npm run build regenerates it)', () => {
    const { code, types } = generateEventCheck();
    expect(readFileSync(TARGET, 'utf8')).toBe(code);
    expect(readFileSync(TYPES, 'utf8')).toBe(types);
  });

  it('the event types are generated from the schema and up to date (npm run build regenerates them)', () => {
    expect(readFileSync(EVENT_TYPES, 'utf8')).toBe(generateEventTypes());
    // The generator follows the schema: a new property or kind appears in the types.
    const grown = structuredClone(schema);
    grown.definitions.text.properties.lang = { description: 'Its language.', enum: ['en', 'zh-TW'] };
    grown.definitions.beep = { type: 'object', required: ['kind'], properties: { kind: { const: 'beep' } } };
    grown.oneOf.push({ $ref: '#/definitions/beep' });
    const types = generateEventTypes(grown);
    expect(types).toContain("  /** Its language. */\n  lang?: 'en' | 'zh-TW';\n");
    expect(types).toContain("export interface BeepEvent {\n  kind: 'beep';\n}");
    expect(types).toMatch(/\| EndEvent\n {2}\| BeepEvent;/);
  });

  it.each(GOOD.map((e) => [JSON.stringify(e), e]))('accepts %s, as the schema does', (_name, event) => {
    expect(fresh(event)).toBe(true);
    expect(labEventProblem(event)).toBeUndefined();
  });

  it.each(BAD.map((e) => [JSON.stringify(e), e]))('refuses %s, as the schema does', (_name, event) => {
    expect(fresh(event)).toBe(false);
    expect(labEventProblem(event)).toEqual(expect.any(String));
  });

  it('names what is wrong', () => {
    expect(labEventProblem({ kind: 'text', text: 'hi', extra: 1 })).toBe('text event: the event must NOT have additional properties "extra"');
    expect(labEventProblem({ kind: 'point', chart: 'c', title: 't', name: 'n', x: 1, y: '2' })).toBe('point event: y must be number');
    expect(labEventProblem([1])).toBe('an event must be an object with a "kind", got an array');
  });

  it('refuses what the schema cannot see: start and end from a lab, BigInt, circular values', () => {
    const start = { kind: 'end', status: 'ok', elapsedMs: 1 };
    expect(fresh(start)).toBe(true);
    expect(labEventProblem(start)).toMatch(/'end' events are the runner's/);
    expect(labEventProblem({ kind: 'result', metrics: {}, values: { n: 1n } })).toMatch(/cannot be written as JSON: Do not know how to serialize a BigInt/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(labEventProblem({ kind: 'result', metrics: {}, values: loop })).toMatch(/cannot be written as JSON: Converting circular structure/);
  });
});

describe('numbers JSON cannot hold', () => {
  it.each([
    [{ kind: 'point', chart: 'c', title: 't', name: 'n', x: 1, y: Number.NaN }, 'point event: y is NaN'],
    [{ kind: 'metric', scope: 'epoch', step: 1, values: { loss: Number.POSITIVE_INFINITY } }, 'metric event: values.loss is Infinity'],
    [{ kind: 'result', metrics: {}, values: { curve: [1, Number.NEGATIVE_INFINITY] } }, 'result event: values.curve.1 is -Infinity'],
  ])('%j is refused, saying where', (event, message) => {
    expect(labEventProblem(event)).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, which JSON cannot hold`));
  });
});
