/** Deciding whether bytes are text worth showing, and cutting them without splitting a character. */

/** How much of the start of a file the text/binary decision looks at. */
export const SNIFF_BYTES = 8 * 1024;
/** Above this share of invalid UTF-8 and control bytes, a file is shown as binary. */
const SUSPICIOUS_RATIO = 0.3;
/** Control bytes that text does contain: BS, TAB, LF, VT, FF, CR, and ESC (coloured tool output in run.log). */
const TEXT_CONTROLS = new Set([0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]);
const REPLACEMENT = 0xfffd;
const decoder = new TextDecoder('utf-8');

export function looksBinary(bytes: Uint8Array): boolean {
  const sample = cutAtCharBoundary(bytes.subarray(0, SNIFF_BYTES));
  if (sample.includes(0)) return true;
  if (sample.length === 0) return false;
  let suspicious = 0;
  for (const b of sample) if ((b < 0x20 && !TEXT_CONTROLS.has(b)) || b === 0x7f) suspicious += 1;
  suspicious += invalidSequences(sample);
  return suspicious / sample.length > SUSPICIOUS_RATIO;
}

/** Replacement characters the decoder had to insert (not counting U+FFFD that was literally in the file). */
function invalidSequences(bytes: Uint8Array): number {
  const text = decoder.decode(bytes);
  let replaced = 0;
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === REPLACEMENT) replaced += 1;
  let literal = 0;
  for (let i = bytes.indexOf(0xef); i !== -1 && i + 2 < bytes.length; i = bytes.indexOf(0xef, i + 1)) {
    if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) literal += 1;
  }
  return replaced - literal;
}

/** Drops an incomplete UTF-8 sequence at the end (at most 3 bytes), so a cut never makes a replacement character. */
export function cutAtCharBoundary(bytes: Uint8Array): Uint8Array {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i -= 1) {
    const b = bytes[i] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for its lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need > end ? bytes.subarray(0, i) : bytes;
  }
  return bytes;
}

export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
