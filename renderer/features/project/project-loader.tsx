import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AppErrorShape, Result } from '../../../shared/errors';
import { formatCount } from '../../../shared/format';
import type { ProjectSummary } from '../../../shared/projects';
import { call, dropToken } from '../../api/call';
import { useEvent } from '../../api/use-event';
import { useAnnounce } from '../../app/announcer';
import { useAppState } from '../../app/app-state';
import { randomId } from '../../app/ids';

export interface ScanState {
  scanId: string;
  /** 'picking' while the native folder dialog is open; 'scanning' once files are being counted. */
  phase: 'picking' | 'scanning' | 'cancelling';
  files: number;
  bytes: number;
}

export interface ProjectLoader {
  scan: ScanState | null;
  error: AppErrorShape | null;
  /** A dropped item: main gets its path from the preload and gives back a one-use token; the page never sees the path. */
  openDropped: (file: File) => Promise<void>;
  pick: () => Promise<void>;
  /** One of the recent projects (main opens only what is on its own list). */
  reopen: (source: string) => Promise<void>;
  openExample: (exampleId: string, toolId: string) => Promise<void>;
  cancel: () => void;
  dismissError: () => void;
}

const LoaderContext = createContext<ProjectLoader | null>(null);

/** Opening a project from any source (drop, dialog, recent, example) with one progress and error state. */
export function ProjectLoaderProvider({ children }: { children: ReactNode }) {
  const { setProject, toolId, setToolId, setView } = useAppState();
  const announce = useAnnounce();
  const [scan, setScan] = useState<ScanState | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const current = useRef<string | null>(null);
  const toolRef = useRef(toolId);
  useEffect(() => {
    toolRef.current = toolId;
  }, [toolId]);

  useEvent('scan:progress', (p) => {
    setScan((s) => (s && s.scanId === p.scanId && s.phase !== 'cancelling' ? { ...s, phase: 'scanning', files: p.files, bytes: p.bytes } : s));
  });

  const run = useCallback(
    async (phase: ScanState['phase'], invoke: (scanId: string) => Promise<Result<ProjectSummary | null>>, pickTool?: string) => {
      if (current.current) void call('projects:cancelScan', { scanId: current.current });
      const scanId = randomId('scan');
      current.current = scanId;
      setScan({ scanId, phase, files: 0, bytes: 0 });
      setError(null);
      const result = await invoke(scanId);
      if (current.current !== scanId) return; // a newer open replaced this one
      current.current = null;
      setScan(null);
      if (!result.ok) {
        if (result.error.code === 'cancelled') announce('Scan cancelled.');
        else {
          setError(result.error);
          announce(`Could not open the project: ${result.error.message}`, 'assertive');
        }
        return;
      }
      const summary = result.value;
      if (!summary) return; // the dialog was dismissed
      setProject(summary);
      setView('workspace');
      const suggested = summary.suggestedTools[0];
      if (pickTool) setToolId(pickTool);
      else if (!toolRef.current && suggested) setToolId(suggested);
      announce(`Opened ${summary.name}: ${formatCount(summary.files)} files.`);
    },
    [announce, setProject, setToolId, setView],
  );

  const value = useMemo<ProjectLoader>(
    () => ({
      scan,
      error,
      openDropped: (file) =>
        run('scanning', async (scanId) => {
          const token = await dropToken(file);
          return token.ok ? call('projects:open', { token: token.value, scanId }) : token;
        }),
      pick: () => run('picking', (scanId) => call('projects:pick', { scanId })),
      reopen: (source) => run('scanning', (scanId) => call('projects:reopen', { source, scanId })),
      openExample: (exampleId, exampleTool) => run('scanning', (scanId) => call('examples:open', { exampleId, scanId }), exampleTool),
      cancel: () => {
        const scanId = current.current;
        if (!scanId) return;
        setScan((s) => (s ? { ...s, phase: 'cancelling' } : s));
        void call('projects:cancelScan', { scanId });
      },
      dismissError: () => setError(null),
    }),
    [scan, error, run],
  );
  return <LoaderContext.Provider value={value}>{children}</LoaderContext.Provider>;
}

export function useProjectLoader(): ProjectLoader {
  const loader = useContext(LoaderContext);
  if (!loader) throw new Error('useProjectLoader needs a <ProjectLoaderProvider> above it.');
  return loader;
}
