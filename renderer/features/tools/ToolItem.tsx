import type { ToolStatus } from '../../../shared/contract';
import { Icon } from '../../components/Icon';
import { engineLine, isChecking } from './tool-status';

interface Props {
  status: ToolStatus;
  selected: boolean;
  suggested: boolean;
  onSelect: () => void;
}

/** One tool in the picker: name, whether it can run here (icon and words, not colour alone), a suggested mark. */
export function ToolItem({ status, selected, suggested, onSelect }: Props) {
  const { tool } = status;
  const state = status.available ? 'available' : isChecking(status) ? 'checking' : 'unavailable';
  return (
    <button
      type="button"
      className={`tool-item tool-${state}`}
      aria-pressed={selected}
      data-testid={`tool-${tool.id}`}
      data-available={status.available}
      onClick={onSelect}
    >
      <Icon name={state === 'available' ? 'check' : state === 'checking' ? 'clock' : 'warning'} className="tool-state-icon" />
      <span className="tool-main">
        <span className="tool-name">
          {tool.name}
          {suggested ? (
            <span className="badge badge-accent" title="Fits the languages in this project">
              Suggested
            </span>
          ) : null}
        </span>
        <span className="tool-engine">{engineLine(status)}</span>
      </span>
    </button>
  );
}
