import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';
import { ROOT } from './engine';

const ENTRY_ID = `${ROOT}/__bench-react-floor.js`;
const CODE = [
  "import { createElement } from 'react';",
  "import { createRoot } from 'react-dom/client';",
  "createRoot(document.getElementById('root')).render(createElement('p', null, 'hello'));",
].join('\n');

/** A virtual entry (nothing is written to the repo) resolved from the repo root, so `react` resolves as the app's does. */
const virtualEntry: Plugin = {
  name: 'bench-react-floor',
  resolveId: (id) => (id === 'react-floor' ? ENTRY_ID : null),
  load: (id) => (id === ENTRY_ID ? CODE : null),
};

/** Minified + gzipped size of the smallest React app (react + react-dom rendering one paragraph): the floor for any React renderer. */
export async function reactFloorGzipBytes(): Promise<number> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [virtualEntry],
    build: { write: false, minify: true, rollupOptions: { input: 'react-floor' } },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: { type: string; code?: string }[] };
  return first.output.filter((c) => c.type === 'chunk').reduce((n, c) => n + gzipSync(c.code ?? '').length, 0);
}
