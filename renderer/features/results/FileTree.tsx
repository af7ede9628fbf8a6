import { useState } from 'react';
import { formatBytes, formatCount } from '../../../shared/format';
import type { FileNode } from '../../../shared/results';
import { Icon } from '../../components/Icon';
import type { TreeDir } from './file-tree';

interface Props {
  dir: TreeDir;
  selected: string | null;
  onSelect: (path: string) => void;
  defaultOpen: boolean;
  /** Top-level group (Output, Inputs…) rather than a folder. */
  group?: boolean;
}

/** A folder as a disclosure; its contents are rendered only while open, so a 20,000-file input stays light. */
export function FileTree({ dir, selected, onSelect, defaultOpen, group }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <div className={group ? 'tree-group' : 'tree-dir'}>
      <button
        type="button"
        className={group ? 'tree-group-toggle' : 'tree-row tree-dir-toggle'}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid={group ? `tree-group-${dir.name}` : 'tree-dir'}
      >
        <Icon name={open ? 'down' : 'right'} className="tree-chevron" />
        {group ? null : <Icon name="folder" />}
        <span className="tree-name">{dir.name}</span>
        <span className="tree-meta muted">{formatCount(dir.count)}</span>
      </button>
      {open ? (
        <ul className="tree-children">
          {dir.dirs.map((d) => (
            <li key={d.path}>
              <FileTree dir={d} selected={selected} onSelect={onSelect} defaultOpen={d.count <= 20} />
            </li>
          ))}
          {dir.files.map((f) => (
            <li key={f.path}>
              <FileRow file={f} selected={f.path === selected} onSelect={onSelect} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function FileRow({ file, selected, onSelect }: { file: FileNode; selected: boolean; onSelect: (path: string) => void }) {
  const tag = file.origin === 'input-new' ? 'new' : file.origin === 'input-changed' ? 'changed' : null;
  return (
    <button
      type="button"
      className="tree-row tree-file"
      aria-current={selected ? 'true' : undefined}
      onClick={() => onSelect(file.path)}
      data-testid="file-item"
      data-path={file.path}
      title={file.path}
    >
      <Icon name={file.type === 'link' ? 'reveal' : 'file'} />
      <span className="tree-name">{file.name}</span>
      {tag ? <span className="badge">{tag}</span> : null}
      {file.type === 'file' && file.size === 0 ? (
        <span className="badge badge-warning" data-testid="file-empty">
          empty
        </span>
      ) : null}
      <span className="tree-meta muted">{formatBytes(file.size)}</span>
    </button>
  );
}
