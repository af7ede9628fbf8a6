import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ProjectSummary } from '../../shared/projects';

export type View = 'workspace' | 'history' | 'settings';

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
}

const AppStateContext = createContext<AppState | null>(null);

export function AppStateProvider({ children, initial }: { children: ReactNode; initial?: Partial<Pick<AppState, 'view' | 'project' | 'toolId' | 'jobId'>> }) {
  const [view, setView] = useState<View>(initial?.view ?? 'workspace');
  const [project, setProject] = useState<ProjectSummary | null>(initial?.project ?? null);
  const [toolId, setToolId] = useState<string | null>(initial?.toolId ?? null);
  const [jobId, setJobId] = useState<string | null>(initial?.jobId ?? null);
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
    }),
    [view, project, toolId, jobId],
  );
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState needs an <AppStateProvider> above it.');
  return state;
}
