// Types of the generated validators (scripts/gen-event-check.mjs).
export interface SchemaError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}
export interface KindValidator {
  (value: unknown): boolean;
  errors?: SchemaError[] | null;
}
export declare const start: KindValidator;
export declare const text: KindValidator;
export declare const table: KindValidator;
export declare const series: KindValidator;
export declare const point: KindValidator;
export declare const progress: KindValidator;
export declare const matrix: KindValidator;
export declare const metric: KindValidator;
export declare const warning: KindValidator;
export declare const result: KindValidator;
export declare const end: KindValidator;
