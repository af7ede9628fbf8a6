import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import pkg from './package.json' with { type: 'json' };
import { CHANNEL_NAMES, EVENT_NAMES } from './shared/contract';
import { USAGE } from './main/cli/usage';

/**
 * One config, three environments, built by `vite build --app`:
 *   client   the renderer (React), root renderer/, into dist/renderer
 *   main     the Electron main process (ESM), into dist/main; dependencies stay external (packaged in node_modules)
 *   preload  one self-contained CommonJS file, into dist/preload, so it runs in a sandboxed renderer
 *   cli      the `hapyy` command, into dist/cli/hapyy.cjs (+ lazily loaded chunks), its npm dependencies bundled in,
 *            so it starts with no TypeScript compiler and few module lookups (`npm run build:cli` builds only this);
 *            CommonJS, so that Node 20 can reuse the chunks' compiled code (main/cli/compile-cache.ts)
 * `npm run dev` serves the client with hot reload; main loads it when HAPYY_DEV_SERVER_URL is set.
 */
const root = import.meta.dirname;
const at = (p: string) => resolve(root, p);
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const external = ['electron', ...nodeBuiltins, ...Object.keys(pkg.dependencies)];

/** The dev server needs React Refresh's inline preamble and a websocket; the built app keeps the strict CSP. */
const devCsp: Plugin = {
  name: 'hapyy-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws:"),
};

/**
 * The preload needs the contract's channel and event names, not its zod schemas (which would make it ~200 KB): this
 * module hands it the names, read from the contract itself when the build runs, so the contract stays the one source.
 */
const CONTRACT_NAMES_ID = 'virtual:hapyy-contract-names';
const contractNames: Plugin = {
  name: 'hapyy-contract-names',
  resolveId: (id) => (id === CONTRACT_NAMES_ID ? `\0${CONTRACT_NAMES_ID}` : null),
  load: (id) =>
    id === `\0${CONTRACT_NAMES_ID}`
      ? `export const CHANNEL_NAMES = ${JSON.stringify(CHANNEL_NAMES)};\nexport const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};\n`
      : null,
};

/**
 * dist/cli/quick.json: the version and the usage text, for bin/hapyy.cjs to answer `--version` and `--help` without
 * loading any module (the bundle's entry answers them too, for the installed app's launcher).
 */
const cliQuickAnswers: Plugin = {
  name: 'hapyy-cli-quick-answers',
  applyToEnvironment: (env) => env.name === 'cli',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'quick.json', source: `${JSON.stringify({ version: pkg.version, usage: USAGE })}\n` });
  },
};

export default defineConfig({
  root: at('renderer'),
  base: './',
  plugins: [react(), devCsp, contractNames, cliQuickAnswers],
  build: { emptyOutDir: true, reportCompressedSize: false },
  environments: {
    client: {
      build: {
        outDir: at('dist/renderer'),
        sourcemap: true,
        rollupOptions: { input: at('renderer/index.html') },
      },
    },
    main: {
      consumer: 'server',
      resolve: { external: true },
      build: {
        outDir: at('dist/main'),
        ssr: true,
        target: 'node20',
        sourcemap: true,
        rollupOptions: {
          // The worker threads' entries (main/compare/worker-client.ts and main/intake/copy-pool.ts load them next to index.js).
          input: { index: at('main/app/index.ts'), 'compare-worker': at('main/compare/worker-entry.ts'), 'intake-copy-worker': at('main/intake/copy-worker.ts') },
          external,
          output: { format: 'es', entryFileNames: '[name].js' },
        },
      },
    },
    preload: {
      consumer: 'server',
      resolve: { noExternal: true },
      build: {
        outDir: at('dist/preload'),
        ssr: true,
        target: 'node20',
        sourcemap: false,
        rollupOptions: {
          input: { index: at('preload/index.ts') },
          external: ['electron'],
          output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
        },
      },
    },
    cli: {
      consumer: 'server',
      resolve: { noExternal: true },
      // An installed app runs the bundle from resources/cli/, away from package.json (main/cli/layout.ts).
      define: { __HAPYY_VERSION__: JSON.stringify(pkg.version) },
      build: {
        outDir: at('dist/cli'),
        emptyOutDir: true,
        ssr: true,
        target: 'node20',
        sourcemap: true,
        rollupOptions: {
          // The intake copy threads' entry, next to hapyy.cjs (main/intake/copy-pool.ts looks there and one folder up).
          input: { hapyy: at('main/cli/entry.ts'), 'intake-copy-worker': at('main/intake/copy-worker.ts') },
          external: nodeBuiltins,
          output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
        },
      },
    },
  },
  builder: {
    async buildApp(builder) {
      for (const env of Object.values(builder.environments)) await builder.build(env);
    },
  },
});
