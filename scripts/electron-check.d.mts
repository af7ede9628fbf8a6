// Types for electron-check.mjs.
export function electronBinaryProblem(root: string): string | null;
