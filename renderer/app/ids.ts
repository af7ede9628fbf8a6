/**
 * A random id for correlating a request with its events (scan progress). Hand-written instead of
 * crypto.randomUUID, which exists only in secure contexts (the E2E serves the page over plain http).
 */
export function randomId(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
