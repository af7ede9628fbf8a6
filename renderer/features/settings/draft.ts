/** Immutable updates of a nested settings draft by path (the draft is plain JSON). */
export function getIn(value: unknown, path: readonly (string | number)[]): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** A copy of `value` with `path` set; `undefined` removes the key (an override cleared). */
export function setIn<T>(value: T, path: readonly (string | number)[], next: unknown): T {
  const [key, ...rest] = path;
  if (key === undefined) return next as T;
  const source = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>) : {};
  const copy: Record<string | number, unknown> = Array.isArray(source) ? ([...source] as unknown as Record<number, unknown>) : { ...source };
  const child = rest.length === 0 ? next : setIn(source[key], rest, next);
  if (child === undefined) delete copy[key];
  else copy[key] = child;
  return copy as T;
}
