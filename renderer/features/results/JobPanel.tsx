import { useMemo, useState } from 'react';
import type { Diagnostic } from '../../../shared/diagnostics';
import { formatCount } from '../../../shared/format';
import { Tabs } from '../../components/Tabs';
import { chatterMatcher } from '../console/chatter';
import { ConsoleView } from '../console/ConsoleView';
import { useTools } from '../tools/tools-context';
import type { JobState } from '../jobs/use-job';
import { problemCount } from '../jobs/status';
import { DiagnosticsList } from './DiagnosticsList';
import { FilesTab, type PreviewTarget } from './FilesTab';
import { inputPath } from './run-path';
import { ResultSummary } from './ResultSummary';

type Tab = 'console' | 'problems' | 'files';

/** The shown job: its result summary, then Console, Problems and Files. */
export function JobPanel({ job }: { job: JobState & { record: NonNullable<JobState['record']> } }) {
  const { record, store } = job;
  const { tools } = useTools();
  const chatter = useMemo(() => chatterMatcher(tools, record.toolId, record.engine?.id), [tools, record.toolId, record.engine?.id]);
  const [tab, setTab] = useState<Tab>('console');
  const [target, setTarget] = useState<PreviewTarget | null>(null);
  const open = (t: PreviewTarget) => {
    setTarget(t);
    setTab('files');
  };
  const problems = problemCount(record.diagnostics);
  const outputs = record.filesProduced.length;
  const active = record.status === 'queued' || record.status === 'running';
  const tabs = [
    { key: 'console' as const, label: 'Console', testId: 'tab-console' },
    { key: 'problems' as const, label: problems > 0 ? `Problems (${formatCount(problems)})` : 'Problems', testId: 'tab-problems' },
    { key: 'files' as const, label: outputs > 0 ? `Files (${formatCount(outputs)})` : 'Files', testId: 'tab-files' },
  ];
  return (
    <div className="job-panel" data-testid="job-panel" data-job-id={record.jobId}>
      <ResultSummary record={record} />
      <Tabs label="Run details" tabs={tabs} active={tab} onChange={setTab}>
        {tab === 'console' ? (
          <ConsoleView
            store={store}
            chatter={chatter}
            truncated={record.truncated}
            onOpenLog={() => open({ path: 'run.log', line: null })}
            emptyText={active ? (record.status === 'queued' ? 'Output appears here when the run starts.' : 'No output yet.') : 'The tool printed nothing.'}
          />
        ) : tab === 'problems' ? (
          <DiagnosticsList record={record} onOpen={(d: Diagnostic) => open({ path: inputPath(d.file), line: d.line || null })} />
        ) : (
          <FilesTab record={record} target={target} onOpen={open} />
        )}
      </Tabs>
    </div>
  );
}
