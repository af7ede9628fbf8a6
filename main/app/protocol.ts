import type { Protocol } from 'electron';
import { rendererFile } from './renderer-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'hapyy';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Serves the built renderer from app://hapyy/ (never remote, never file://), with the CSP as a header.
 * A request outside the renderer folder is refused.
 */
export function registerAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = await rendererFile(rendererDir, url.pathname);
    const body = typeof file.body === 'string' ? file.body : new Uint8Array(file.body);
    return new Response(body, { status: file.status, headers: file.headers });
  });
}
