// The LabEvent protocol: every lab run is a stream of these JSON-serialisable
// events, and every front end (full-screen app, text, NDJSON) consumes the same
// stream. The protocol is written once, in schema/lab-events.v1.schema.json; its
// types are generated from it (scripts/gen-event-types.mjs). Bump SCHEMA_VERSION
// on any incompatible change; tests pin the shapes.
import type { LabEvent, ParamValue, StartEvent } from './generated/lab-events.js';

export type * from './generated/lab-events.js';

export const SCHEMA_VERSION: StartEvent['schema'] = 1;

export type ParamValues = Record<string, ParamValue>;
export type LabEventKind = LabEvent['kind'];
