import { Icon } from '../../components/Icon';
import { useProjectLoader } from './project-loader';

export function OpenFolderButton({ label = 'Open folder…', primary }: { label?: string; primary?: boolean }) {
  const loader = useProjectLoader();
  const busy = loader.scan !== null;
  return (
    <button
      type="button"
      className={`btn${primary ? ' btn-primary' : ''}`}
      data-testid="open-folder"
      aria-keyshortcuts="Control+O Meta+O"
      disabled={busy}
      onClick={() => void loader.pick()}
    >
      <Icon name="folder" />
      {label}
    </button>
  );
}
