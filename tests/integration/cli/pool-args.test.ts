import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../main/cli/args';

describe('CLI arguments for the shared pool', () => {
  it('worker needs --pool with a redis:// address, and takes --concurrency and --tools', () => {
    expect(parseCli(['worker'])).toEqual({ kind: 'usage', message: '`worker` needs --pool <redis-url>.' });
    expect(parseCli(['worker', '--pool', 'http://x'])).toMatchObject({ kind: 'usage', message: expect.stringContaining('redis://') });
    expect(parseCli(['worker', '--pool', 'redis://h:1', '--concurrency', '0'])).toMatchObject({ kind: 'usage' });
    expect(parseCli(['worker', '--pool', 'redis://h:1', '--concurrency', '3', '--tools', 'a, b'])).toEqual({
      kind: 'command',
      args: { command: 'worker', positionals: [], json: false, format: 'human', raw: false, pool: 'redis://h:1', concurrency: 3, tools: ['a', 'b'] },
    });
  });

  it('run takes --pool; other commands refuse it and the worker options', () => {
    expect(parseCli(['run', 't', 'p', '--pool', 'redis://h:1'])).toMatchObject({ kind: 'command', args: { pool: 'redis://h:1' } });
    expect(parseCli(['tools', '--pool', 'redis://h:1'])).toMatchObject({ kind: 'usage', message: '`tools` does not take --pool.' });
    expect(parseCli(['run', 't', 'p', '--concurrency', '2'])).toMatchObject({ kind: 'usage', message: '`run` does not take --concurrency.' });
  });
});
