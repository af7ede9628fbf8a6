// `npm run dev`: builds main and preload, serves the renderer with hot reload, and starts Electron on it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createBuilder, createServer } from 'vite';

const builder = await createBuilder();
await builder.build(builder.environments.main);
await builder.build(builder.environments.preload);

const server = await createServer();
await server.listen();
const url = server.resolvedUrls?.local[0];
if (!url) throw new Error('The Vite dev server did not report a URL.');
server.printUrls();

// The electron package exports the path of its binary; it throws if the binary was never downloaded.
const electronPath = createRequire(import.meta.url)('electron');
const child = spawn(electronPath, ['.'], { stdio: 'inherit', env: { ...process.env, HAPYY_DEV_SERVER_URL: url } });
child.on('exit', async (code) => {
  await server.close();
  process.exit(code ?? 0);
});
