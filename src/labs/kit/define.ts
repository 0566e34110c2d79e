// A lab declared once, typed: each parameter's kind gives its value's type in
// ctx.params (number, number[], the union of a choice's values, boolean,
// string), its flag comes from its name (batchSize → --batch-size), and its
// number from its place in the registry. One declaration drives the flags and
// their checks, the help, the parameter editor and `nnlab list --json`.
import type { LabBodyEvent, Lab, LabContext, LabKey } from './lab.js';
import type { Localized } from './i18n.js';
import type { ParamValues } from './events.js';
import type { BooleanParam, ChoiceParam, NumberParam, NumbersParam, ParamSpec, StringParam } from './params.js';

/** A declaration is a ParamSpec (params.ts) without its name: the name is its key. */
type Decl<S extends ParamSpec> = Omit<S, 'name' | 'type'>;

export const number = (d: Decl<NumberParam>) => ({ type: 'number' as const, ...d });
export const int = (d: Decl<NumberParam>) => ({ type: 'int' as const, ...d });
export const numbers = (d: Decl<NumbersParam>) => ({ type: 'numbers' as const, ...d });
/** The choices' values become the type of the parameter's value. */
export const choice = <const C extends string>(d: Omit<Decl<ChoiceParam>, 'default' | 'choices'> & { default: NoInfer<C>; choices: readonly C[] }) => ({
  type: 'choice' as const,
  ...d,
});
export const boolean = (d: Decl<BooleanParam>) => ({ type: 'boolean' as const, ...d });
/** `output`: a path the lab writes, checked by the runner before the start event. */
export const string = (d: Decl<StringParam>) => ({ type: 'string' as const, ...d });

/** Any declaration: each kind of ParamSpec without its name. */
export type ParamDecl = ParamSpec extends infer S ? (S extends ParamSpec ? Omit<S, 'name'> : never) : never;

/** The value of each declared parameter, by its name in the declaration. */
export type ParamsOf<P> = {
  readonly [K in keyof P]: P[K] extends { type: 'number' | 'int' }
    ? number
    : P[K] extends { type: 'numbers' }
      ? number[]
      : P[K] extends { type: 'choice'; choices: readonly (infer C)[] }
        ? C
        : P[K] extends { type: 'boolean' }
          ? boolean
          : string;
};

export interface TypedContext<V, R> extends Omit<LabContext, 'params' | 'prepared'> {
  params: V;
  /** What the lab's prepare returned. */
  prepared: R;
}

export interface LabDefinition<P, R> {
  id: string;
  title: Localized;
  summary: Localized;
  params: P;
  steps?: boolean;
  stepDelayMs?: number;
  keys?: readonly LabKey[];
  /** Checks combinations of parameters a single declaration cannot (throws ParamError). */
  validate?(params: ParamsOf<P>): void;
  /** Reads what the run needs from outside before the start event; the result is ctx.prepared. */
  prepare?(params: ParamsOf<P>): Promise<R>;
  run(ctx: TypedContext<ParamsOf<P>, R>): AsyncIterable<LabBodyEvent>;
}

/** camelCase → kebab-case: the flag of a parameter named `batchSize` is --batch-size. */
export const flagName = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The lab as the runner takes it; its number is 0 until the registry numbers it. */
export function defineLab<const P extends Record<string, ParamDecl>, R = undefined>(def: LabDefinition<P, R>): Lab {
  const keys = Object.keys(def.params);
  // A view by declared name over the values by flag: live changes to the values show through.
  const view = (values: ParamValues) =>
    Object.defineProperties({}, Object.fromEntries(keys.map((key) => [key, { get: () => values[flagName(key)], enumerable: true }]))) as ParamsOf<P>;
  const { validate, prepare } = def;
  return {
    id: def.id,
    number: 0,
    title: def.title,
    summary: def.summary,
    ...(def.steps ? { steps: def.steps } : {}),
    ...(def.stepDelayMs !== undefined ? { stepDelayMs: def.stepDelayMs } : {}),
    ...(def.keys ? { keys: def.keys } : {}),
    params: keys.map((key) => ({ name: flagName(key), ...def.params[key] }) as ParamSpec),
    ...(validate ? { validate: (values: ParamValues) => validate(view(values)) } : {}),
    ...(prepare ? { prepare: (values: ParamValues) => prepare(view(values)) } : {}),
    run: (ctx: LabContext) => def.run({ ...ctx, params: view(ctx.params), prepared: ctx.prepared as R }),
  };
}
