/** Error codes from node:fs, read without trusting the shape of what was thrown. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The thing (or a folder on its way) is not there (any more). */
export const isMissing = (err: unknown): boolean => {
  const code = errnoCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** Opening with O_NOFOLLOW met a link (Linux: ELOOP; BSD/macOS: EMLINK; some systems: EFTYPE). */
export const isNoFollowRefusal = (err: unknown): boolean => {
  const code = errnoCode(err);
  return code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE';
};

export const isDenied = (err: unknown): boolean => {
  const code = errnoCode(err);
  return code === 'EACCES' || code === 'EPERM';
};
