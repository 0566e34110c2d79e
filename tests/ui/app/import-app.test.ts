// The app loads with fetch hidden (yoga would wake Node's HTTP client with it):
// afterwards fetch is exactly what it was.
import { expect, it } from 'vitest';
import { importApp } from '../../../src/ui/app/import-app.js';

it('imports the app and leaves globalThis.fetch as it found it', async () => {
  const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  const app = await importApp();
  expect(typeof app.runApp).toBe('function');
  expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(before);
  expect(typeof fetch).toBe('function');
});
