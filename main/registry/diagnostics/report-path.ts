import path from 'node:path';
import { RUN_LAYOUT } from '../../store/layout';

/**
 * Where an engine told to write a report ({report} in its arguments) writes it: in the run's tmp/, one of the
 * folders a sandboxed tool may write (TOOL_WRITABLE), outside output/ so it is not shown as a product of the run.
 */
export const reportPathFor = (runDir: string): string => path.join(runDir, RUN_LAYOUT.tmp, 'hapyy-report', 'findings');
