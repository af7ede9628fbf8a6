import type { CompareOpened, FileDiff, FilePage, ProblemPage, ProblemState } from '../../shared/compare';
import { AppError } from '../../shared/errors';
import type { CompareStep } from '../results/compare';
import { findFinished, type CompareDeps } from './runs';
import { MAX_HELD_COMPARES } from './held';
import { CompareWorker } from './worker-client';

/**
 * The window's compares: computed and held in a worker thread (CompareWorker), handed out in pages. Each compare
 * belongs to the client that opened it; its id is useless to another window.
 */
export class CompareService {
  private readonly worker = new CompareWorker();
  /** compareId → owning client, newest last; pruned with the worker's own bound in mind. */
  private readonly owners = new Map<string, string>();

  constructor(private readonly deps: CompareDeps) {}

  /** Listeners told each step of every compare under way (what the window could show as progress; tests wait on it). */
  private readonly stepListeners = new Set<(s: { a: string; b: string; step: CompareStep }) => void>();

  onStep(listener: (s: { a: string; b: string; step: CompareStep }) => void): () => void {
    this.stepListeners.add(listener);
    return () => this.stepListeners.delete(listener);
  }

  async open(clientId: string, jobA: string, jobB: string): Promise<CompareOpened> {
    const [a, b] = findFinished(this.deps, jobA, jobB);
    const onStep = (step: CompareStep) => {
      for (const l of this.stepListeners) l({ a: jobA, b: jobB, step });
    };
    const opened = await this.worker.callWithSteps('open', onStep, { runDir: this.deps.runDir(a.jobId), record: a }, { runDir: this.deps.runDir(b.jobId), record: b });
    this.owners.set(opened.compareId, clientId);
    // The worker keeps the newest few; ids older than that answer not-found there anyway. Keep some slack.
    for (const id of this.owners.keys()) {
      if (this.owners.size <= MAX_HELD_COMPARES * 4) break;
      this.owners.delete(id);
    }
    return opened;
  }

  problems(clientId: string, compareId: string, state: ProblemState, offset: number, limit?: number): Promise<ProblemPage> {
    this.own(clientId, compareId);
    return this.worker.call('problems', compareId, state, offset, limit);
  }

  files(clientId: string, compareId: string, offset: number, limit?: number): Promise<FilePage> {
    this.own(clientId, compareId);
    return this.worker.call('files', compareId, offset, limit);
  }

  diff(clientId: string, compareId: string, path: string): Promise<FileDiff> {
    this.own(clientId, compareId);
    return this.worker.call('diff', compareId, path);
  }

  close(): Promise<void> {
    return this.worker.close();
  }

  private own(clientId: string, compareId: string): void {
    const owner = this.owners.get(compareId);
    if (owner === undefined) throw new AppError('not-found', 'This compare is no longer held (newer compares replaced it). Compare the runs again.');
    if (owner !== clientId) throw new AppError('forbidden');
  }
}
