/**
 * Something the user gave is wrong (a flag, a file, a row of a CSV, a backend
 * they asked for): its kind is 'input', reported in one line that names what and why.
 */
export class InputError extends Error {}

/** How a piece of work went wrong: the user's input, or the work itself. */
export type ErrorKind = 'input' | 'failure';

/** An error's kind: 'input' for an InputError (and its subclasses), 'failure' for anything else thrown. */
export const errorKind = (err: unknown): ErrorKind => (err instanceof InputError ? 'input' : 'failure');
