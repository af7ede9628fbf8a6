import { useState } from 'react';
import '../../styles/compare.css';
import type { ComparedProblem } from '../../../shared/compare';
import { formatCount } from '../../../shared/format';
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

type Tab = 'new' | 'fixed' | 'unchanged' | 'files';

/** What run B fixed and broke since run A: problems by state, produced files, and the runs side by side. */
export default function CompareView({ pair }: { pair: ComparePair }) {
  const compare = useChannel('jobs:compare', pair);
  const { setView } = useAppState();
  const [tab, setTab] = useState<Tab>('new');
  const [target, setTarget] = useState<OpenTarget | null>(null);
  const r = compare.data;
  const list = (items: ComparedProblem[]) => <ProblemList items={items} runs={pair} onOpen={setTarget} selected={target} />;
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
      {r ? (
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
                { key: 'new', label: `New (${formatCount(r.problems.new.length)})`, testId: 'compare-tab-new' },
                { key: 'fixed', label: `Fixed (${formatCount(r.problems.fixed.length)})`, testId: 'compare-tab-fixed' },
                { key: 'unchanged', label: `Unchanged (${formatCount(r.problems.unchanged.length)})`, testId: 'compare-tab-unchanged' },
                { key: 'files', label: `Files (${formatCount(r.files.changes.length)})`, testId: 'compare-tab-files' },
              ]}
            >
              {tab === 'files' ? (
                <FileChanges files={r.files} />
              ) : (
                <div className="compare-split">
                  {list(tab === 'new' ? r.problems.new : tab === 'fixed' ? r.problems.fixed : r.problems.unchanged)}
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
      ) : null}
    </div>
  );
}
