import { useState, type DragEvent, type ReactNode } from 'react';
import { useProjectLoader } from './project-loader';

/**
 * Accepts a dropped folder, file or .zip. The renderer cannot see paths itself: the preload's pathForFile
 * (Electron's webUtils) gives the dropped item's path, and main scans it.
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
    const path = window.hapyy.pathForFile(file);
    if (!path) {
      loader.reportError('Hapyy could not tell where the dropped item is. Use “Open folder…” instead.');
      return;
    }
    void loader.openPath(path);
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
