// Whether Electron's binary is installed, read the way the electron package itself finds it (path.txt → dist/),
// without loading the package (which throws when the binary is missing).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Null when the binary is there; else what is missing. */
export function electronBinaryProblem(root) {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return 'node_modules/electron is missing; run npm run setup';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  let name;
  try {
    name = readFileSync(join(pkg, 'path.txt'), 'utf8');
  } catch {
    return 'it was never downloaded';
  }
  return existsSync(join(pkg, 'dist', name)) ? null : `node_modules/electron/dist/${name} is missing`;
}
