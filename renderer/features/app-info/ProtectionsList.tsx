import type { Protection } from '../../../shared/contract';
import { Icon } from '../../components/Icon';

/** The protections in force for runs on this machine, each with what it means here. */
export function ProtectionsList({ protections }: { protections: readonly Protection[] }) {
  if (protections.length === 0) return <p className="muted small">No protections reported.</p>;
  return (
    <ul className="protections" aria-label="Protections" data-testid="protections">
      {protections.map((p) => (
        <li key={p.id} className={p.active ? 'protection-on' : 'protection-off'} data-testid={`protection-${p.id}`}>
          <Icon name={p.active ? 'check' : 'warning'} />
          <span className="protection-main">
            <span className="protection-label">
              {p.label} <span className="muted">— {p.active ? 'active' : 'not active'}</span>
            </span>
            <span className="muted small">{p.detail}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
