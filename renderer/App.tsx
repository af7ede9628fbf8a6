import { lazy, Suspense, useEffect } from 'react';
import { useChannel } from './api/use-channel';
import { useEvent } from './api/use-event';
import { ActivityBar, VIEW_ORDER } from './app/ActivityBar';
import { AnnouncerProvider } from './app/announcer';
import { AppStateProvider, useAppState, type AppState } from './app/app-state';
import { useTheme } from './app/use-theme';
import { Notices } from './features/app-info/Notices';
import { StatusBar } from './features/app-info/StatusBar';
import { JobAnnouncer } from './features/jobs/JobAnnouncer';
import { ProjectLoaderProvider, useProjectLoader } from './features/project/project-loader';
import { QueueProvider } from './features/queue/queue-context';
import { ToolsProvider } from './features/tools/tools-context';
import { WorkspaceView } from './features/workspace/WorkspaceView';
import { Loading } from './components/Loading';

// The first screen is the workspace: History and Settings (with the settings schema and its validation) load when
// first opened, which keeps them out of the JavaScript the window parses before its first paint.
const HistoryView = lazy(() => import('./features/history/HistoryView').then((m) => ({ default: m.HistoryView })));
const SettingsView = lazy(() => import('./features/settings/SettingsView').then((m) => ({ default: m.SettingsView })));
// Loaded on first use: the compare view (and its diff rendering) does not weigh on the first paint.
const CompareView = lazy(() => import('./features/compare/CompareView'));

/** The whole window. `initial` lets tests start in a given state; the app starts empty. */
export function App({ initial }: { initial?: Partial<Pick<AppState, 'view' | 'project' | 'toolId' | 'jobId' | 'comparing'>> }) {
  return (
    <AnnouncerProvider>
      <AppStateProvider initial={initial}>
        <ToolsProvider>
          <QueueProvider>
            <ProjectLoaderProvider>
              <Shell />
            </ProjectLoaderProvider>
          </QueueProvider>
        </ToolsProvider>
      </AppStateProvider>
    </AnnouncerProvider>
  );
}

function Shell() {
  const { view, setView, project, comparing } = useAppState();
  const loader = useProjectLoader();
  const settings = useChannel('settings:get', {});
  const info = useChannel('app:info', {});
  // Protections follow the settings (sandbox on or off): read them again whenever any window changes the settings.
  useEvent('settings:changed', () => {
    settings.reload();
    info.reload();
  });
  // Until settings load, the theme main.tsx painted with stays; if they cannot load, follow the OS.
  useTheme(settings.data?.settings.theme ?? (settings.error ? 'system' : null));

  useEffect(() => {
    document.title = project ? `${project.name} — Hapyy Desktop` : 'Hapyy Desktop';
  }, [project]);

  const { pick, scan } = loader;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const n = Number(e.key);
      const target = VIEW_ORDER[n - 1];
      if (target) {
        e.preventDefault();
        setView(target);
      } else if (e.key.toLowerCase() === 'o' && !scan) {
        e.preventDefault();
        void pick();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView, pick, scan]);

  return (
    <div className="app">
      <JobAnnouncer />
      <ActivityBar />
      <div className="app-content">
        <Notices initial={info.data?.notices ?? []} />
        {/* The workspace stays mounted so a running job's console keeps its lines while another view is open. */}
        <div className="view-host" hidden={view !== 'workspace'}>
          <WorkspaceView />
        </div>
        <Suspense fallback={<Loading testId="view-loading" />}>
          {view === 'history' ? <HistoryView /> : null}
          {view === 'settings' ? <SettingsView settings={settings} info={info.data} /> : null}
        </Suspense>
        {view === 'compare' && comparing ? (
          <Suspense fallback={<Loading label="Opening the compare…" testId="compare-loading" />}>
            <CompareView key={`${comparing.a} ${comparing.b}`} pair={comparing} />
          </Suspense>
        ) : null}
      </div>
      <StatusBar info={info.data} />
    </div>
  );
}
