import { InputError } from '../labs/engine-api.js';

/** The command line asks for something that cannot be: exit 2 with the message. */
export class UsageError extends InputError {}
