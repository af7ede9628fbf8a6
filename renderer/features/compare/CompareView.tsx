import { useState } from 'react';
import '../../styles/compare.css';
import type { CompareOpened, ProblemState } from '../../../shared/compare';
import { formatCount } from '../../../shared/format';
import { call } from '../../api/call';
import { useChannel } from '../../api/use-channel';
import { useAppState, type ComparePair } from '../../app/app-state';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { Tabs } from '../../components/Tabs';
import { FilePreview } from '../results/FilePreview';
import { inputPath } from '../results/run-path';
import { FileChanges } from './FileChanges';
import { ProblemList, type OpenTarget } from './ProblemList';
import { RunsSideBySide } from './RunsSideBySide';
import { usePagedList } from './use-pages';

type Tab = ProblemState | 'files';

/** What run B fixed and broke since run A: problems by state, produced files, and the runs side by side. */
export default function CompareView({ pair }: { pair: ComparePair }) {
  const compare = useChannel('jobs:compare', pair);
  const { setView } = useAppState();
  const r = compare.data;
  return (
    <div className="view compare-view" aria-labelledby="compare-heading" data-testid="compare-view">
      <header className="view-header">
        <button type="button" className="btn btn-ghost" onClick={() => setView('history')} data-testid="compare-back">
          <Icon name="right" className="flip" />
          History
        </button>
        <h1 id="compare-heading">Compare runs</h1>
      </header>
      {compare.loading && !r ? <Loading label="Comparing the two runs…" testId="compare-computing" /> : null}
      {compare.error ? <ErrorNotice error={compare.error} title="The runs could not be compared" onRetry={compare.reload} testId="compare-error" /> : null}
      {/* A new compare (another pair, or compared again) starts its lists afresh. */}
      {r ? <CompareBody key={r.compareId} r={r} pair={pair} /> : null}
    </div>
  );
}

function CompareBody({ r, pair }: { r: CompareOpened; pair: ComparePair }) {
  const [tab, setTab] = useState<Tab>('new');
  const [target, setTarget] = useState<OpenTarget | null>(null);
  const { compareId } = r;
  const problems = {
    new: usePagedList(r.problems.new, (offset) => call('compare:problems', { compareId, state: 'new', offset })),
    fixed: usePagedList(r.problems.fixed, (offset) => call('compare:problems', { compareId, state: 'fixed', offset })),
    unchanged: usePagedList(r.problems.unchanged, (offset) => call('compare:problems', { compareId, state: 'unchanged', offset })),
  };
  const files = usePagedList(r.files.changes, (offset) => call('compare:files', { compareId, offset }));
  return (
    <>
      <RunsSideBySide a={r.a} b={r.b} />
      {r.notes.map((n) => (
        <div key={n} className="notice notice-info" data-testid="compare-note">
          <Icon name="info" className="notice-icon" />
          <span className="notice-body">{n}</span>
        </div>
      ))}
      <div className="compare-body">
        <Tabs
          label="Changes"
          active={tab}
          onChange={(t) => {
            setTab(t);
            setTarget(null);
          }}
          tabs={[
            { key: 'new', label: `New (${formatCount(r.problems.new.total)})`, testId: 'compare-tab-new' },
            { key: 'fixed', label: `Fixed (${formatCount(r.problems.fixed.total)})`, testId: 'compare-tab-fixed' },
            { key: 'unchanged', label: `Unchanged (${formatCount(r.problems.unchanged.total)})`, testId: 'compare-tab-unchanged' },
            { key: 'files', label: `Files (${formatCount(r.files.changes.total)})`, testId: 'compare-tab-files' },
          ]}
        >
          {tab === 'files' ? (
            <FileChanges compareId={compareId} list={files} unchanged={r.files.unchanged} />
          ) : (
            <div className="compare-split">
              <ProblemList key={tab} list={problems[tab]} runs={pair} onOpen={setTarget} selected={target} />
              <div className="preview-pane">
                {target ? (
                  <FilePreview key={`${target.jobId} ${target.file} ${target.line}`} jobId={target.jobId} path={inputPath(target.file)} line={target.line || null} root={null} />
                ) : (
                  <p className="muted small compare-hint">Open a problem in either run to see the file at its line.</p>
                )}
              </div>
            </div>
          )}
        </Tabs>
      </div>
    </>
  );
}
