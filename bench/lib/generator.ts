/** Lines of 80 bytes (79 characters and LF), like a compiler's or linter's output. */
export const LINE_BYTES = 80;
const LINE = 'hapyy bench: src/module/file.ts(120,17): warning: a line of ordinary tool output'.slice(0, LINE_BYTES - 1);

/** A shell command printing exactly `bytes` bytes of lines to stdout (yes + head: the generator costs next to nothing). */
export function generatorScript(bytes: number): string {
  return `yes '${LINE}' | head -c ${bytes}`;
}
