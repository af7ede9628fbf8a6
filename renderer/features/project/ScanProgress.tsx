import { formatBytes, formatCount } from '../../../shared/format';
import type { ScanState } from './project-loader';

/** Counting files in a large folder: running totals (the total is unknown up front) and a way out. */
export function ScanProgress({ scan, onCancel }: { scan: ScanState; onCancel: () => void }) {
  if (scan.phase === 'picking') return null;
  const cancelling = scan.phase === 'cancelling';
  return (
    <div className="scan-progress" data-testid="scan-progress">
      <div className="progress-bar progress-indeterminate" role="progressbar" aria-label="Reading the project" aria-valuetext={`${formatCount(scan.files)} files`} />
      <div className="scan-row">
        <span className="scan-text">
          {cancelling ? 'Cancelling…' : 'Reading the project…'} {formatCount(scan.files)} files · {formatBytes(scan.bytes)}
        </span>
        <button type="button" className="btn btn-small" onClick={onCancel} disabled={cancelling} data-testid="scan-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}
