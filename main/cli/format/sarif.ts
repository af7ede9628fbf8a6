import { pathToFileURL } from 'node:url';
import type { JobRecord } from '../../../shared/jobs';
import type { Finding } from './findings';
import { engineInformationUri, ruleHelpUri } from './rule-links';

/**
 * `--sarif FILE`: SARIF 2.1.0 (OASIS), one run per project, so GitHub code scanning and editors' SARIF viewers
 * read it as is. Hand-written rather than a library: the subset used is small and the output is checked against
 * Microsoft's SARIF Multitool in the tests. Locations are relative to the project's root (uriBaseId PROJECTROOT,
 * given as an absolute URI in originalUriBaseIds when the project is a folder).
 */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifProject {
  record: JobRecord;
  findings: readonly Finding[];
  /** The project folder as the user named it, absolute; absent for a single file or a zip. */
  rootDir?: string;
  /** With `--baseline`: each finding's SARIF baselineState, and the baseline's findings this run no longer has. */
  baseline?: SarifBaseline;
}

export interface SarifBaseline {
  state(f: Finding): 'new' | 'unchanged' | null;
  /** Written as results with baselineState 'absent' (SARIF 2.1.0 §3.27.24). */
  absent: readonly Finding[];
}

type Level = 'error' | 'warning' | 'note';
const level = (severity: string): Level => (severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note');

/** A relative URI reference for a project path: each segment percent-encoded, forward slashes kept. */
const relativeUri = (file: string) => file.split('/').map(encodeURIComponent).join('/');

/** A message ends with a period (SARIF2001's advice), without doubling one the engine wrote. */
const sentence = (text: string) => {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

/** The engine's home page; for a custom tool or a Hapyy CLI, the program itself where it was found; else none. */
function infoUri(engine: JobRecord['engine']): { informationUri?: string } {
  const uri = engineInformationUri(engine?.id) ?? (engine?.path ? pathToFileURL(engine.path).href : undefined);
  return uri ? { informationUri: uri } : {};
}

function sarifRun(p: SarifProject, hapyyVersion: string) {
  const { record } = p;
  const rules: { id: string; helpUri?: string; shortDescription: { text: string } }[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of p.findings) {
    const id = f.code || 'finding';
    if (ruleIndex.has(id)) continue;
    ruleIndex.set(id, rules.length);
    const helpUri = ruleHelpUri(id, f.ruleUrl);
    rules.push({ id, shortDescription: { text: `${record.engine?.name ?? record.toolName} rule ${id}.` }, ...(helpUri ? { helpUri } : {}) });
  }
  const result = (f: Finding, baselineState: 'new' | 'unchanged' | 'absent' | null) => {
    const id = f.code || 'finding';
    const region: Record<string, number> = {};
    if (f.line > 0) {
      region.startLine = f.line;
      if (f.column > 0) region.startColumn = f.column;
      if (f.endLine !== undefined && f.endLine >= f.line) region.endLine = f.endLine;
      if (f.endColumn !== undefined && f.endColumn > 0 && region.endLine !== undefined) region.endColumn = f.endColumn;
    }
    return {
      ruleId: id,
      ruleIndex: ruleIndex.get(id),
      level: level(f.severity),
      message: { text: sentence(f.message) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(f.file), uriBaseId: 'PROJECTROOT' },
            ...(f.line > 0 ? { region } : {}),
          },
        },
      ],
      ...(baselineState ? { baselineState } : {}),
    };
  };
  const results = [
    ...p.findings.map((f) => result(f, p.baseline ? p.baseline.state(f) : null)),
    ...(p.baseline?.absent ?? []).map((f) => result(f, 'absent')),
  ];
  const engine = record.engine;
  const ran = record.startedAt !== null;
  return {
    tool: {
      driver: {
        name: engine?.name ?? record.toolName,
        ...(engine?.version && /^\d+\.\d+/.test(engine.version) ? { semanticVersion: engine.version.replace(/^v/, '') } : {}),
        version: engine?.version || 'unknown',
        ...infoUri(engine),
        rules,
      },
      extensions: [{ name: 'hapyy', version: hapyyVersion }],
    },
    automationDetails: { id: `hapyy/${record.toolId}/${record.project.name}/` },
    ...(p.rootDir ? { originalUriBaseIds: { PROJECTROOT: { uri: `${pathToFileURL(p.rootDir).href.replace(/\/?$/, '/')}` } } } : {}),
    invocations: [
      {
        // Finding problems is the tool doing its job; 'failed' means the tool itself broke.
        executionSuccessful: ran && (record.status === 'completed' || record.status === 'problems'),
        ...(record.exitCode !== null ? { exitCode: record.exitCode } : {}),
        ...(record.status === 'completed' || record.status === 'problems' ? {} : { toolExecutionNotifications: [{ level: 'error', message: { text: sentence(record.message) } }] }),
      },
    ],
    results,
  };
}

export function toSarif(projects: readonly SarifProject[], hapyyVersion: string): object {
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: projects.map((p) => sarifRun(p, hapyyVersion)) };
}
