import { AppError } from '../../shared/errors';

/** True when a path goes through an Electron `.asar` archive (any segment ending in `.asar`, either separator). */
export function isInsideAsar(path: string): boolean {
  return path.split(/[\\/]+/).some((segment) => segment.toLowerCase().endsWith('.asar'));
}

/**
 * Returns `path`, or throws when it lies inside an `.asar` archive: only Electron's patched `fs` can read
 * there, so a child process (or anything it is handed) would find nothing. A packaging mistake, not user error.
 */
export function refuseInsideAsar(what: string, path: string): string {
  if (isInsideAsar(path)) {
    throw new AppError('internal', `The bundled ${what} resolves inside the app archive (${path}); it cannot be used from there.`, {
      resource: what,
      path,
    });
  }
  return path;
}
