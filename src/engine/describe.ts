// Text about things the user gave or a lab threw, kept short enough for one line.

/** At most `max` characters: long input is shown by its start and end, with the length. */
export function abbreviate(text: string, max = 60): string {
  if (text.length <= max) return text;
  const keep = Math.floor((max - 12) / 2);
  return `${text.slice(0, keep)}…${text.slice(-keep)} (${text.length} chars)`;
}

/**
 * Any run of over 80 characters without a space (a path, a model spec, a
 * 100,000-digit number) shown by its start and end: a message stays a line,
 * whichever part of the input it echoes.
 */
export function shortenLongWords(text: string): string {
  return text.replace(/\S{81,}/g, (word) => abbreviate(word, 60));
}

/** A value as the user wrote it, quoted when text, abbreviated when long. */
export function shownValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      // Circular, BigInt inside, or nested too deep to print.
      text = Array.isArray(value) ? `an array of ${value.length}` : `a ${typeof value}`;
    }
  }
  return abbreviate(text);
}

/** What went wrong, in one line, whatever was thrown: an Error, a string, an object, undefined. */
/** A count and its noun: "1 thread", "2 threads". */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function errorMessage(err: unknown): string {
  let text: string;
  if (err instanceof Error) text = err.message || err.name;
  else if (typeof err === 'string') text = err;
  else if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') text = (err as { message: string }).message;
  else text = `a non-Error value was thrown: ${shownValue(err)}`;
  return abbreviate(shortenLongWords(text.split('\n')[0].trim() || 'no message'), 300);
}
