import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Diagnostic, Severity } from '../../../shared/diagnostics';
import { jsonDocumentParser, type FindingsParser, type FindingsSource } from './parser';
import type { Locate } from './paths';

const Region = z.object({
  startLine: z.number().int().min(0).optional(),
  startColumn: z.number().int().min(0).optional(),
  endLine: z.number().int().min(0).optional(),
  endColumn: z.number().int().min(0).optional(),
});
const Result = z.object({
  ruleId: z.string().optional(),
  rule: z.object({ id: z.string().optional() }).optional(),
  level: z.string().optional(),
  kind: z.string().optional(),
  message: z.object({ text: z.string().optional(), markdown: z.string().optional() }),
  locations: z
    .array(
      z.object({
        physicalLocation: z
          .object({ artifactLocation: z.object({ uri: z.string().optional() }).optional(), region: Region.optional() })
          .optional(),
      }),
    )
    .optional(),
});
const Rule = z.object({ id: z.string(), helpUri: z.string().optional() });

/** SARIF 2.1.0 levels (§3.27.10); a result without one is a warning, the standard's default. */
const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', note: 'info', none: 'info' };

/** A result's artifact URI as a path: `file:` URIs decoded, relative URIs (to %SRCROOT%) taken as relative to the input. */
function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/**
 * SARIF 2.1.0 (`runs[].results[]`): ruleId, level, message.text, the first location's file and region. Rule links
 * come from `runs[].tool.driver.rules[].helpUri` (https only), matched by id once the whole document is read.
 */
export function sarifParser(locate: Locate, source: FindingsSource = 'stdout'): FindingsParser {
  const out: Diagnostic[] = [];
  const links = new Map<string, string>();
  return jsonDocumentParser({
    source,
    paths: ['$.runs.*.results.*', '$.runs.*.tool.driver.rules.*'],
    noun: 'The SARIF report',
    onItem: ({ value, pathIndex }) => {
      if (pathIndex === 1) {
        const rule = Rule.safeParse(value);
        if (rule.success && rule.data.helpUri?.startsWith('https://')) links.set(rule.data.id, rule.data.helpUri);
        return;
      }
      const r = Result.safeParse(value);
      if (!r.success) return;
      // kind `pass` or `notApplicable` is not a finding (§3.27.9)
      if (r.data.kind && r.data.kind !== 'fail' && r.data.kind !== 'open' && r.data.kind !== 'review') return;
      const physical = r.data.locations?.[0]?.physicalLocation;
      const region = physical?.region;
      const uri = physical?.artifactLocation?.uri;
      const level = r.data.level ?? 'warning';
      out.push({
        file: uri ? locate(uriToPath(uri)) : '',
        line: region?.startLine ?? 0,
        column: region?.startColumn ?? 0,
        ...(region?.endLine !== undefined ? { endLine: region.endLine } : {}),
        ...(region?.endColumn !== undefined ? { endColumn: region.endColumn } : {}),
        severity: LEVELS[level] ?? 'warning',
        engineSeverity: level,
        code: r.data.ruleId ?? r.data.rule?.id ?? '',
        message: r.data.message.text ?? r.data.message.markdown ?? '',
      });
    },
    result: () => out.map((d) => (links.has(d.code) ? { ...d, ruleUrl: links.get(d.code) } : d)),
  });
}
