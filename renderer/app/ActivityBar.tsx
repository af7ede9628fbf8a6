import { Icon, type IconName } from '../components/Icon';
import { useAppState, type View } from './app-state';

const ITEMS: { view: View; label: string; icon: IconName; keys: string }[] = [
  { view: 'workspace', label: 'Workspace', icon: 'layers', keys: 'Control+1' },
  { view: 'history', label: 'History', icon: 'clock', keys: 'Control+2' },
  { view: 'settings', label: 'Settings', icon: 'gear', keys: 'Control+3' },
];

/** The far-left switcher between the workspace, history and settings. */
export function ActivityBar() {
  const { view, setView } = useAppState();
  return (
    <nav className="activity-bar" aria-label="Views">
      <span className="app-mark" aria-hidden="true">
        H
      </span>
      {ITEMS.map((item) => (
        <button
          key={item.view}
          type="button"
          className="activity-button"
          aria-current={view === item.view || (view === 'compare' && item.view === 'history') ? 'page' : undefined}
          aria-label={item.label}
          aria-keyshortcuts={item.keys}
          title={`${item.label} (Ctrl+${ITEMS.indexOf(item) + 1})`}
          onClick={() => setView(item.view)}
          data-testid={`nav-${item.view}`}
        >
          <Icon name={item.icon} />
          <span className="activity-label">{item.label}</span>
        </button>
      ))}
    </nav>
  );
}

export const VIEW_ORDER: View[] = ITEMS.map((i) => i.view);
