import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ProjectSummary } from '../../shared/projects';

export type View = 'workspace' | 'history' | 'settings' | 'compare';

/** Two runs to compare: `a` the older, `b` the newer. */
export interface ComparePair {
  a: string;
  b: string;
}

/** What the window is showing: the open project, the picked tool, the job in the main area and the view. */
export interface AppState {
  view: View;
  setView: (view: View) => void;
  project: ProjectSummary | null;
  setProject: (project: ProjectSummary | null) => void;
  toolId: string | null;
  setToolId: (toolId: string | null) => void;
  jobId: string | null;
  /** Shows a job in the workspace (from a submit, the queue or history). */
  openJob: (jobId: string | null) => void;
  comparing: ComparePair | null;
  /** Shows the compare of two runs (from History or "Compare with previous"). */
  openCompare: (pair: ComparePair) => void;
}

const AppStateContext = createContext<AppState | null>(null);

export function AppStateProvider({ children, initial }: { children: ReactNode; initial?: Partial<Pick<AppState, 'view' | 'project' | 'toolId' | 'jobId' | 'comparing'>> }) {
  const [view, setView] = useState<View>(initial?.view ?? 'workspace');
  const [project, setProject] = useState<ProjectSummary | null>(initial?.project ?? null);
  const [toolId, setToolId] = useState<string | null>(initial?.toolId ?? null);
  const [jobId, setJobId] = useState<string | null>(initial?.jobId ?? null);
  const [comparing, setComparing] = useState<ComparePair | null>(initial?.comparing ?? null);
  const value = useMemo<AppState>(
    () => ({
      view,
      setView,
      project,
      setProject,
      toolId,
      setToolId,
      jobId,
      openJob: (id) => {
        setJobId(id);
        setView('workspace');
      },
      comparing,
      openCompare: (pair) => {
        setComparing(pair);
        setView('compare');
      },
    }),
    [view, project, toolId, jobId, comparing],
  );
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState needs an <AppStateProvider> above it.');
  return state;
}
