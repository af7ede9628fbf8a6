/** The errno code of a Node fs error, or undefined. */
export function errCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export const isMissing = (err: unknown): boolean => {
  const c = errCode(err);
  return c === 'ENOENT' || c === 'ENOTDIR';
};

export const isDenied = (err: unknown): boolean => {
  const c = errCode(err);
  return c === 'EACCES' || c === 'EPERM';
};
