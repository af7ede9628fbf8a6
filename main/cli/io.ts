/** Where the CLI writes: injected so tests can capture it; `--json` keeps stdout for NDJSON only. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * The real streams. A reader that goes away (`hapyy run … --json | head -1`) makes writes fail with EPIPE; that
 * must not crash the process mid-run (which would skip ending the tools), so further writes to that stream are dropped.
 */
export function processIo(): CliIo {
  const guarded = (stream: NodeJS.WriteStream) => {
    let closed = false;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') closed = true;
      else throw err;
    });
    return (text: string) => {
      if (!closed) stream.write(text);
    };
  };
  return { stdout: guarded(process.stdout), stderr: guarded(process.stderr) };
}

/** Columns padded to the widest cell; the last column is not padded (no trailing spaces). */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}
