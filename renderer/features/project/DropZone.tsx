import { useState, type DragEvent, type ReactNode } from 'react';
import { useProjectLoader } from './project-loader';

/**
 * Accepts a dropped folder, file or .zip. The renderer never sees its path: the preload reads it (Electron's webUtils)
 * and hands it to main, which gives back a one-use token that opens it.
 */
export function DropZone({ children, compact }: { children: ReactNode; compact: boolean }) {
  const loader = useProjectLoader();
  const [over, setOver] = useState(false);
  const accepts = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  const onDragOver = (e: DragEvent) => {
    if (!accepts(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    void loader.openDropped(file);
  };
  return (
    <div
      className={`drop-zone${compact ? ' drop-zone-compact' : ''}${over ? ' drop-zone-over' : ''}`}
      data-testid="drop-zone"
      aria-label="Project drop zone: drop a folder, file or zip here"
      role="group"
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
    >
      {children}
    </div>
  );
}
