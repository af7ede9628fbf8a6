/** The pool's address as shown anywhere (settings, notices, logs): the password is never shown back. */
export function maskPoolUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an address that cannot be read)';
  }
}
