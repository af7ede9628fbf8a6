/**
 * Results of a run: the output tree, previews, zip export, and what a run produced. Every function takes the run
 * folder (resolved from a job id by the caller) and paths relative to it, and never follows a link out of it.
 */
export { resolveInRun, locateInRun, splitRelPath, type Located } from './safe-path';
export { listTree, readTree, DEFAULT_MAX_NODES, type TreeListing, type TreeOptions } from './tree';
export { readPreview } from './preview';
export { languageForFile } from './language';
export { exportZip, DEFAULT_MAX_EXPORT_ENTRIES, PARTIAL_SUFFIX, type ExportOptions, type ExportResult } from './export';
export {
  findProduced,
  scanProduced,
  DEFAULT_MAX_PRODUCED,
  DEFAULT_MAX_SCANNED,
  type InputManifest,
  type ProducedOptions,
  type ProducedScan,
} from './produced';
