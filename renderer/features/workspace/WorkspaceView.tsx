import { lazy, Suspense } from 'react';
import { useAppState } from '../../app/app-state';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { useJob } from '../jobs/use-job';
import { ProjectPanel } from '../project/ProjectPanel';
import { RunHeader } from '../queue/RunHeader';
import { ToolPicker } from '../tools/ToolPicker';
import { Welcome } from './Welcome';

// A run's panel (console, problems, files and previews, with the list virtualizer and the ANSI parser) is not on
// the first screen, which shows the welcome: it loads when the first run is shown.
const JobPanel = lazy(() => import('../results/JobPanel').then((m) => ({ default: m.JobPanel })));

/** Sidebar (project, tools) and main area (run header, then the shown job). */
export function WorkspaceView() {
  const { jobId } = useAppState();
  const job = useJob(jobId);
  const record = job.record;
  return (
    <div className="workspace">
      <aside className="sidebar" aria-label="Project and tools">
        <ProjectPanel />
        <ToolPicker />
      </aside>
      <main className="main" aria-label="Run">
        <RunHeader record={record} />
        <div className="main-body">
          {jobId === null ? (
            <Welcome />
          ) : job.error && !record ? (
            <ErrorNotice error={job.error} title="This run could not be shown" onRetry={job.reload} testId="job-error" />
          ) : !record ? (
            <Loading label="Opening run…" testId="job-loading" />
          ) : (
            <Suspense fallback={<Loading label="Opening run…" testId="job-loading" />}>
              <JobPanel key={jobId} job={{ ...job, record }} />
            </Suspense>
          )}
        </div>
      </main>
    </div>
  );
}
