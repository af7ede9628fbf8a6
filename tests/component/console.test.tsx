import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AnnouncerProvider } from '../../renderer/app/announcer';
import { BUILTIN_TOOLS } from '../../shared/tools';
import { chatterMatcher } from '../../renderer/features/console/chatter';
import { ConsoleView } from '../../renderer/features/console/ConsoleView';
import { LineStore } from '../../renderer/features/console/line-store';
import { lines } from './fixtures';
import { announced } from './render';

const sync = (flush: () => void) => {
  queueMicrotask(flush);
  return () => undefined;
};

function renderConsole(store: LineStore, props: Partial<{ truncated: boolean; onOpenLog: () => void; emptyText: string }> = {}) {
  return render(
    <AnnouncerProvider>
      <ConsoleView store={store} truncated={props.truncated ?? false} onOpenLog={props.onOpenLog ?? (() => undefined)} emptyText={props.emptyText ?? 'The tool printed nothing.'} />
    </AnnouncerProvider>,
  );
}

const rows = () => screen.queryAllByTestId('console-row');
const seqs = () => rows().map((r) => Number(r.getAttribute('data-seq')));

describe('Console', () => {
  it('loading: says so until the first snapshot arrives', () => {
    renderConsole(new LineStore(sync));
    expect(screen.getByTestId('console-empty').textContent).toBe('Loading output…');
  });

  it('empty: says the tool printed nothing', () => {
    const store = new LineStore(sync);
    store.seed([], 0);
    renderConsole(store);
    expect(screen.getByTestId('console-empty').textContent).toBe('The tool printed nothing.');
    expect((screen.getByTestId('console-copy') as HTMLButtonElement).disabled).toBe(true);
  });

  it('success: renders colours as classes, strips control sequences, marks stderr in words', async () => {
    const store = new LineStore(sync);
    store.seed(
      [
        { seq: 1, stream: 'system', text: 'Running ShellCheck', ts: 0 },
        { seq: 2, stream: 'stdout', text: '\x1b[1;31mIn deploy.sh line 3:\x1b[0m ok', ts: 0 },
        { seq: 3, stream: 'stderr', text: 'oops\x1b]0;pwned title\x07\x1b]52;c;ZXZpbA==\x07 <b>not bold</b>', ts: 0 },
      ],
      3,
    );
    renderConsole(store);
    const [system, out, err] = rows();
    expect(system?.textContent).toContain('sys');
    expect(out?.querySelector('.ansi-red-fg.ansi-bold')?.textContent).toBe('In deploy.sh line 3:');
    expect(err?.getAttribute('data-stream')).toBe('stderr');
    expect(err?.querySelector('.console-stream')?.textContent).toContain('err');
    expect(err?.querySelector('.console-stream')?.getAttribute('aria-label')).toBe('Error output (stderr)');
    expect(err?.querySelector('.console-text')?.textContent).toBe('oops <b>not bold</b>');
    expect(err?.querySelector('b')).toBeNull();
    expect(document.body.textContent).not.toContain('pwned');
    expect(document.body.textContent).not.toContain('ZXZpbA');
  });

  it('live lines append after the snapshot, deduplicated by seq', async () => {
    const store = new LineStore(sync);
    store.push(lines(3, 3)); // before the snapshot: held
    renderConsole(store);
    act(() => store.seed(lines(1, 4), 4));
    await waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4, 5]));
    await act(async () => {
      store.push([...lines(5, 2), ...lines(6, 1)]);
      await Promise.resolve();
    });
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(screen.getByTestId('console-count').textContent).toBe('6 lines');
  });

  it('100,000 lines: the DOM holds only a window of rows, and follows the newest', async () => {
    const store = new LineStore(sync);
    store.seed([], 0);
    renderConsole(store);
    await act(async () => {
      for (let i = 0; i < 100; i++) store.push(lines(i * 1000 + 1, 1000));
      await Promise.resolve();
    });
    await waitFor(() => expect(seqs()).toContain(100_000));
    expect(rows().length).toBeLessThan(60);
    expect(screen.getByTestId('console-count').textContent).toBe('100,000 lines');
  });

  it('scrolling up stops auto-scroll; Jump to latest resumes it', async () => {
    const store = new LineStore(sync);
    store.seed(lines(1, 500), 500);
    renderConsole(store);
    const viewport = screen.getByTestId('console');
    await waitFor(() => expect(seqs()).toContain(500));
    expect(screen.queryByTestId('jump-latest')).toBeNull();

    fireEvent.wheel(viewport, { deltaY: -120 });
    await act(async () => {
      viewport.scrollTop = 0;
      await Promise.resolve();
    });
    await waitFor(() => expect(seqs()).toContain(1));
    const jump = await screen.findByTestId('jump-latest');
    await act(async () => {
      store.push(lines(501, 100));
      await Promise.resolve();
    });
    expect(seqs()).toContain(1); // stays where the user is
    expect(seqs()).not.toContain(600);

    await userEvent.click(jump);
    await waitFor(() => expect(seqs()).toContain(600));
    expect(screen.queryByTestId('jump-latest')).toBeNull();
  });

  it('search highlights matches and steps through them', async () => {
    const store = new LineStore(sync);
    store.seed(lines(1, 300, 'stdout', (s) => (s % 100 === 0 ? `\x1b[31mFAIL\x1b[0m test ${s}` : `pass ${s}`)), 300);
    renderConsole(store);
    await userEvent.type(screen.getByTestId('console-search'), 'fail');
    expect(screen.getByTestId('console-search-count').textContent).toBe('1 of 3');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('console-search-count').textContent).toBe('2 of 3'));
    await waitFor(() => expect(document.querySelector('.console-row-current')?.getAttribute('data-seq')).toBe('200'));
    expect(document.querySelector('.console-row-current mark')?.textContent).toBe('FAIL');
    await userEvent.click(screen.getByTestId('console-search-prev'));
    await userEvent.click(screen.getByTestId('console-search-prev'));
    expect(screen.getByTestId('console-search-count').textContent).toBe('3 of 3');
    await userEvent.clear(screen.getByTestId('console-search'));
    await userEvent.type(screen.getByTestId('console-search'), 'nothing here');
    expect(screen.getByTestId('console-search-count').textContent).toBe('No matches');
  });

  it('copy puts the plain text of every line on the clipboard', async () => {
    const store = new LineStore(sync);
    store.seed([...lines(1, 2), { seq: 3, stream: 'stderr', text: '\x1b[31mbad\x1b[0m', ts: 0 }], 3);
    renderConsole(store);
    const write = vi.spyOn(navigator.clipboard, 'writeText');
    await userEvent.click(screen.getByTestId('console-copy'));
    expect(write).toHaveBeenCalledWith('line 1\nline 2\nbad');
    expect(announced()).toContain('Copied 3 lines.');
  });

  it('truncated output shows a notice that opens the full log', async () => {
    const store = new LineStore(sync);
    store.seed(lines(9001, 10), 9010);
    const onOpenLog = vi.fn();
    renderConsole(store, { truncated: true, onOpenLog });
    expect(screen.getByTestId('console-truncated').textContent).toContain('Output truncated');
    await userEvent.click(screen.getByTestId('open-full-log'));
    expect(onOpenLog).toHaveBeenCalledOnce();
  });
});

describe('Console: an engine’s debug chatter', () => {
  it('cpptoc’s [DEBUG] and JSON trace lines are hidden by default, shown on request; its diagnostics never are', async () => {
    const cpp = BUILTIN_TOOLS.find((t) => t.id === 'cpp-to-c-transpiler');
    const tools = cpp ? [{ tool: cpp, available: true, engine: null, lookedFor: [], install: [] }] : [];
    const chatter = chatterMatcher(tools, 'cpp-to-c-transpiler', 'cpptoc');
    expect(chatter).not.toBeNull();
    const store = new LineStore(sync);
    const at = (seq: number, stream: 'stdout' | 'stderr', text: string) => ({ seq, stream, text, ts: seq });
    store.seed(
      [
        // Lines as the real cpptoc 2.21.0 printed them (tests/fixtures/captured/cpptoc), paths shortened.
        at(1, 'stdout', '[DEBUG] About to call Tool.run()...'),
        at(2, 'stdout', '{"event":"create_CTU","ctu":"0x5652e9b8df68","ctuAsDeclContext":"0x5652e9b8df90","targetFile":"/o/main.c"}'),
        at(3, 'stderr', "/i/main.cpp:1:32: error: expected ';' after return statement"),
        at(4, 'stdout', 'Transpilation completed successfully. Generated 1 file pair(s).'),
        at(5, 'stderr', '[DEBUG] on stderr is not stdout chatter'),
      ],
      5,
    );
    render(
      <AnnouncerProvider>
        <ConsoleView store={store} truncated={false} onOpenLog={() => undefined} emptyText="" chatter={chatter} />
      </AnnouncerProvider>,
    );
    await waitFor(() => expect(seqs()).toEqual([3, 4, 5]));
    const toggle = screen.getByTestId('console-chatter');
    expect(toggle.textContent).toBe('Show engine debug lines (2 hidden)');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(toggle);
    await waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4, 5]));
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
  });

  it('an engine without declared chatter gets no switch', () => {
    const sc = BUILTIN_TOOLS.find((t) => t.id === 'bash-verification');
    expect(chatterMatcher(sc ? [{ tool: sc, available: true, engine: null, lookedFor: [], install: [] }] : [], 'bash-verification', 'shellcheck')).toBeNull();
  });
});
