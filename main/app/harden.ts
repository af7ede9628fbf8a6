import type { Session, WebContents } from 'electron';

/**
 * Electron's security checklist, applied to every web contents the app creates: no navigation away from the app,
 * no new windows, no webviews, no permissions. `openExternal` is only for https links the app itself wrote.
 */
export function hardenWebContents(
  contents: WebContents,
  isAppUrl: (url: string) => boolean,
  openExternal: (url: string) => void,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isTrustedExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  });
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

/** The https links the app writes itself (help pages); anything else is refused. */
export const TRUSTED_EXTERNAL_HOSTS: readonly string[] = ['github.com', 'www.shellcheck.net', 'docs.astral.sh'];

export function isTrustedExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && TRUSTED_EXTERNAL_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}
