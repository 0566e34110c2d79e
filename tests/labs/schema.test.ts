// Every event of every lab (and of the summary tool) validates against the
// versioned JSON Schema shipped in schema/.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/labs/kit/events.js';
import { labs } from '../../src/labs/registry.js';
import { summaryLab } from '../../src/labs/course/summary/lab.js';
import { collect, SMALL_RUNS } from '../helpers.js';

const schema = JSON.parse(readFileSync(new URL(`../../schema/lab-events.v${SCHEMA_VERSION}.schema.json`, import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

// Small settings keep the suite fast; every kind of event still appears.
// The playground with every map and a penalty: the field event's every field appears.
const SMALL: Record<string, Record<string, unknown>> = {
  ...SMALL_RUNS,
  playground: { epochs: 3, points: 200, 'field-every': 1, resolution: 10, regularization: 'l1' },
};

describe(`LabEvent schema v${SCHEMA_VERSION}`, () => {
  it.each([...labs, summaryLab].map((lab) => [lab.id, lab] as const))('every event of %s validates', async (_id, lab) => {
    const events = await collect(lab, { backend: lab.id === 'mlp' ? 'wasm' : 'cpu', params: SMALL[lab.id] ?? {} });
    for (const event of events) {
      const ok = validate(JSON.parse(JSON.stringify(event)));
      expect(ok, `${event.kind}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects what is not an event', () => {
    expect(validate({ kind: 'point', chart: 'c', title: 't', name: 'n', x: 1 })).toBe(false);
    expect(validate({ kind: 'end', status: 'done', elapsedMs: 1 })).toBe(false);
    expect(validate({ kind: 'shout', text: 'hi' })).toBe(false);
  });
});
