// Loads the full-screen app (Ink, React) without waking Node's fetch. Ink's layout
// engine, yoga, is WebAssembly embedded as a data: URL that it reads with fetch
// wherever fetch exists, and the first touch of fetch loads Node's HTTP client
// (undici): about 15 ms of the app's cold start. With fetch hidden while Ink
// loads, yoga decodes the bytes itself; the property is put back as it was.
export async function importApp(): Promise<typeof import('./run-app.js')> {
  const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (fetchProperty?.configurable) Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await import('./run-app.js');
  } finally {
    if (fetchProperty?.configurable) Object.defineProperty(globalThis, 'fetch', fetchProperty);
  }
}
