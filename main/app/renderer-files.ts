import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './window';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface FileResponse {
  status: number;
  body: Buffer | string;
  headers: Record<string, string>;
}

/**
 * One file of the built renderer for a URL path, with the CSP as a header; nothing outside the renderer folder.
 * Plain Node, so the app:// protocol and the E2E harness serve the page exactly the same way.
 */
export async function rendererFile(rendererDir: string, urlPath: string): Promise<FileResponse> {
  const rootDir = resolve(rendererDir);
  let file: string;
  try {
    file = resolve(rootDir, `.${decodeURIComponent(urlPath)}`);
  } catch {
    return { status: 400, body: 'Bad request', headers: {} };
  }
  if (!file.startsWith(rootDir + sep)) return { status: 403, body: 'Forbidden', headers: {} };
  try {
    return {
      status: 200,
      body: await readFile(file),
      headers: {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    };
  } catch {
    return { status: 404, body: 'Not found', headers: {} };
  }
}
