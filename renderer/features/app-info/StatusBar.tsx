import { useState } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { Icon } from '../../components/Icon';
import { useQueue } from '../queue/queue-context';
import { ProtectionsList } from './ProtectionsList';

/** The bottom line: queue counts, the protections active on this machine (expandable), the version. */
export function StatusBar({ info }: { info: AppInfo | undefined }) {
  const queue = useQueue();
  const [open, setOpen] = useState(false);
  const protections = info?.protections ?? [];
  const active = protections.filter((p) => p.active).length;
  const sandboxOff = protections.some((p) => p.id === 'bubblewrap' && !p.active);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-item" data-testid="status-queue">
        <Icon name="layers" />
        {queue.status ? `${queue.status.running} running · ${queue.status.waiting} waiting${queue.status.paused ? ' · paused' : ''}` : 'Queue…'}
      </span>
      <span className="spacer" />
      {info ? (
        <div className="status-popover-anchor">
          <button
            type="button"
            className="status-item status-button"
            aria-expanded={open}
            aria-controls="protections-popover"
            onClick={() => setOpen(!open)}
            data-testid="status-protections"
          >
            <Icon name={sandboxOff ? 'warning' : 'shield'} />
            {sandboxOff ? <strong className="status-warning" data-testid="status-sandbox-off">Sandbox off · </strong> : null}
            Protections: {active} of {protections.length} active
          </button>
          {open ? (
            <div
              className="popover"
              id="protections-popover"
              role="dialog"
              aria-label="Protections on this machine"
              onKeyDown={(e) => {
                if (e.key === 'Escape') setOpen(false);
              }}
            >
              <ProtectionsList protections={protections} />
            </div>
          ) : null}
        </div>
      ) : null}
      <span className="status-item muted">{info ? `Hapyy ${info.version} · ${info.platform}/${info.arch}` : ''}</span>
    </footer>
  );
}
