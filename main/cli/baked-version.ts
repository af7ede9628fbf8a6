/** Baked into the bundle by vite (the cli environment's `define`); absent when run from the sources through tsx. */
declare const __HAPYY_VERSION__: string | undefined;

/** The version the bundle was built with, or undefined when running from the sources. No imports: `--version` loads only this. */
export function bakedVersion(): string | undefined {
  return typeof __HAPYY_VERSION__ === 'string' ? __HAPYY_VERSION__ : undefined;
}
