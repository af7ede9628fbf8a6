export { writeFileAtomic, isAtomicTemp, type AtomicFs } from './atomic-write';
export { keepCorruptBackup, fileTimestamp } from './backup';
export { JsonFileStore } from './json-file-store';
export { RunStore } from './run-store';
export { selectExpired, endTime, type RetentionPolicy } from './retention';
export { isValidJobId, assertJobId } from './run-id';
export { loadSettings, parseSettingsStrict, repairSettings, type LoadedSettings } from './settings-file';
export type { FieldProblem } from './zod-issues';
