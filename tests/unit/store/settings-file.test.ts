import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../../shared/settings';
import { loadSettings, parseSettingsStrict } from '../../../main/store';
import { useTempDirs } from './helpers';

const tempDir = useTempDirs();
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const STAMP = '2025-06-01T12-00-00-000Z';

describe('loadSettings', () => {
  it('missing file: defaults, no problems', async () => {
    expect(await loadSettings(join(tempDir(), 'settings.json'))).toEqual({ settings: DEFAULT_SETTINGS, problems: [], notices: [] });
  });

  it('a valid file loads as written, untouched', async () => {
    const path = join(tempDir(), 'settings.json');
    const text = JSON.stringify({ queue: { concurrency: 3 }, theme: 'dark' });
    writeFileSync(path, text);
    const { settings, problems, notices } = await loadSettings(path);
    expect(settings.queue).toEqual({ ...DEFAULT_SETTINGS.queue, concurrency: 3 });
    expect(settings.theme).toBe('dark');
    expect(problems).toEqual([]);
    expect(notices).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('keeps every valid part and falls back field by field, reporting field and reason', async () => {
    const dir = tempDir();
    const path = join(dir, 'settings.json');
    const original = JSON.stringify({
      queue: { concurrency: 3, capacity: -5, perClientActive: 'lots' },
      limits: { graceMs: 500 },
      retention: 'forever',
      theme: 'dark',
      sandbox: false,
      enginePaths: { 'bash-verification': '/opt/shellcheck' },
      tools: { 'python-linter': { timeoutSec: 0, limits: { graceMs: 100 } } },
      bogus: 1,
    });
    writeFileSync(path, original);
    const { settings, problems, notices } = await loadSettings(path, { now: () => NOW });

    expect(settings.queue).toEqual({ ...DEFAULT_SETTINGS.queue, concurrency: 3 });
    expect(settings.limits.graceMs).toBe(500);
    expect(settings.retention).toEqual(DEFAULT_SETTINGS.retention);
    expect(settings.theme).toBe('dark');
    expect(settings.sandbox).toBe(false);
    expect(settings.enginePaths).toEqual({ 'bash-verification': '/opt/shellcheck' });
    // (RunLimitsSchema.partial() still fills the other limits with defaults: a shared/ quirk, reported.)
    expect(settings.tools['python-linter']?.timeoutSec).toBeUndefined();
    expect(settings.tools['python-linter']?.limits?.graceMs).toBe(100);
    expect(problems.map((p) => p.field).sort()).toEqual(
      ['bogus', 'queue.capacity', 'queue.perClientActive', 'retention', 'tools.python-linter.timeoutSec'].sort(),
    );
    expect(problems.every((p) => p.message.length > 0)).toBe(true);

    // The original is kept; the file now holds the repaired settings, so the next start is clean.
    const backup = `${path}.corrupt-${STAMP}`;
    expect(readFileSync(backup, 'utf8')).toBe(original);
    expect(SettingsSchema.parse(JSON.parse(readFileSync(path, 'utf8')))).toEqual(settings);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain('queue.capacity');
    expect(notices[0]?.message).toContain(`the original was kept at ${backup}`);
    expect(await loadSettings(path)).toEqual({ settings, problems: [], notices: [] });
  });

  it('rewrite: false reports without touching the file', async () => {
    const dir = tempDir();
    const path = join(dir, 'settings.json');
    writeFileSync(path, JSON.stringify({ theme: 'neon' }));
    const { settings, problems } = await loadSettings(path, { rewrite: false });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual([{ field: 'theme', message: expect.any(String) }]);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('a corrupt settings.json: defaults, backup kept, notice', async () => {
    const dir = tempDir();
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{"queue": {');
    const { settings, problems, notices } = await loadSettings(path, { now: () => NOW });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual([{ field: '(file)', message: expect.stringMatching(/^not valid JSON/) }]);
    expect(readdirSync(dir)).toEqual([`settings.json.corrupt-${STAMP}`]);
    expect(notices[0]?.message).toContain(`a backup was kept at ${path}.corrupt-${STAMP}`);
  });

  it('a file holding something other than an object is damaged too', async () => {
    const path = join(tempDir(), 'settings.json');
    writeFileSync(path, '[1, 2]');
    const { settings, problems } = await loadSettings(path, { now: () => NOW });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems[0]?.field).toBe('(file)');
  });
});

describe('parseSettingsStrict', () => {
  it('accepts valid settings and fills defaults', () => {
    expect(parseSettingsStrict({ queue: { capacity: 7 } }).queue.capacity).toBe(7);
  });

  it('throws invalid-input naming the field', () => {
    let error: unknown;
    try {
      parseSettingsStrict({ queue: { capacity: 0 }, colour: 'red' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid-input');
    expect((error as AppError).message).toContain('queue.capacity');
    expect((error as AppError).message).toContain('colour');
  });
});
