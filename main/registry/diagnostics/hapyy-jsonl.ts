import { DiagnosticSchema } from '../../../shared/diagnostics';
import type { Diagnostic } from '../../../shared/diagnostics';
import { relativeToInput } from './paths';

/** One Diagnostic JSON object per line (what a Hapyy CLI emits); any other line is ordinary output and ignored. */
export function parseHapyyJsonl(stdout: string, inputDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    const d = DiagnosticSchema.safeParse(data);
    if (d.success) out.push({ ...d.data, file: relativeToInput(d.data.file, inputDir) });
  }
  return out;
}
