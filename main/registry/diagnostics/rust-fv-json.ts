import { z } from 'zod';
import type { Diagnostic } from '../../../shared/diagnostics';
import { jsonReportParser, type FindingsParser, type FindingsSource } from './parser';
import type { Locate } from './paths';

const Failure = z
  .object({
    vc_kind: z.string(),
    source_file: z.string().nullish(),
    source_line: z.number().int().min(0).nullish(),
    source_column: z.number().int().min(0).nullish(),
    description: z.string().nullish(),
    message: z.string().nullish(),
  })
  .loose();
const Fn = z.object({ name: z.string(), status: z.string(), failures: z.array(Failure).default([]) }).loose();

/** Statuses that mean the function was proved; anything else without a failure listed is an unfinished proof. */
const PROVED = new Set(['ok', 'verified', 'passed', 'success', 'proved']);

/**
 * rust-fv's `cargo-verify verify --output-format json`: `{crate_name, functions: [{name, status, failures:
 * [{vc_kind, source_file, source_line, …}]}], summary}`. Each failed verification condition is an error at its
 * source line, coded by its kind (`postcondition`, `overflow`…); a function that is neither proved nor failed (a
 * timeout, an unknown) is a warning, since nothing was proved about it.
 */
export function rustFvJsonParser(locate: Locate, source: FindingsSource = 'stdout'): FindingsParser {
  return jsonReportParser({
    source,
    path: '$.functions.*',
    noun: "rust-fv's report",
    entry: Fn,
    findings: ({ name, status, failures }) => {
      const out: Diagnostic[] = [];
      for (const x of failures) {
        const detail = x.description ?? x.message;
        out.push({
          file: x.source_file ? locate(x.source_file) : '',
          line: x.source_line ?? 0,
          column: x.source_column ?? 0,
          severity: 'error',
          engineSeverity: status,
          code: x.vc_kind,
          message: `${name}: ${detail ?? `${x.vc_kind.replaceAll('_', ' ')} not proved`}`,
        });
      }
      if (failures.length === 0 && !PROVED.has(status.toLowerCase())) {
        out.push({ file: '', line: 0, column: 0, severity: 'warning', engineSeverity: status, code: status, message: `${name}: ${status}` });
      }
      return out;
    },
  });
}
