/**
 * Something the user gave is wrong (a flag, a file, a row of a CSV): a usage
 * error (exit 2), reported in one line that names what and why.
 */
export class InputError extends Error {}
