import { isUtf8 } from 'node:buffer';

// Windows refuses these as names, with or without an extension (CON.txt too).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
const FORBIDDEN_CHARS = /[<>:"|?*\\]/;

/**
 * Whether a file or folder name would survive on Windows, macOS and Linux alike.
 * `raw` is the name's bytes as read from the disk; a name that is not valid UTF-8 is not portable.
 */
export function isPortableName(name: string, raw?: Buffer): boolean {
  if (raw !== undefined && !isUtf8(raw)) return false;
  if (RESERVED.test(name)) return false;
  if (name.endsWith('.') || name.endsWith(' ')) return false;
  if (FORBIDDEN_CHARS.test(name)) return false;
  for (let i = 0; i < name.length; i += 1) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}
