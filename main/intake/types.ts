import type { LanguageId } from '../../shared/languages';
import type { ProjectSummary } from '../../shared/projects';
import type { IntakeLimits } from '../../shared/settings';
import type { EngineContext } from './engine-context';

export interface ManifestEntry {
  /** Relative to the root, forward slashes. Lossy (U+FFFD) where a name is not valid UTF-8; `rawPath` then holds the bytes. */
  path: string;
  /** base64 of the exact relative path bytes; present only when `path` is lossy (non-UTF-8 names on Linux). */
  rawPath?: string;
  size: number;
  /** st_mode: file type and permission bits. */
  mode: number;
  mtimeMs: number;
}

export interface Manifest {
  files: ManifestEntry[];
  bytes: number;
}

export type SkippedEntry = ProjectSummary['skipped'][number];
export type SkipReason = SkippedEntry['reason'];

export interface OpenedProject {
  summary: ProjectSummary;
  /** Real path of the folder to copy from (for a zip: the extracted staging folder; for a single file: its parent folder). */
  root: string;
  /** Exactly the files a run's copy will contain. */
  manifest: Manifest;
  /** The limits the project was opened with; copyProject enforces them again in case files grew since. */
  limits: IntakeLimits;
  /** Engine config files above the project and the node_modules it resolves against (see engine-context.ts). */
  engineContext: EngineContext;
  /** The staging folder intake created for a zip (removed by disposeProject), else null. */
  stagingFolder: string | null;
}

export interface ProgressReport {
  files: number;
  bytes: number;
}

export interface OpenOptions {
  limits: IntakeLimits;
  /** Where zips are extracted (inside the app's data dir); intake makes a unique subfolder. */
  stagingDir: string;
  signal?: AbortSignal;
  /** Called at most every ~100 ms. */
  onProgress?: (p: ProgressReport) => void;
  /** Tool ids for the languages found; default: built-in tools whose sourceLanguage appears. */
  suggestTools?: (languages: LanguageId[]) => string[];
  idFactory?: () => string;
  /** Examples are opened like folders but reported as kind 'example'. */
  kind?: 'example';
  /** Clock (ms since the epoch); injectable for tests. */
  now?: () => number;
}
