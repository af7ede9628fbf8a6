import { SettingsSchema, type Settings } from '../../shared/settings';
import type { SettingsState } from '../../shared/contract';
import { loadSettings, writeFileAtomic } from '../store';

/**
 * The current settings, shared by every service through `current()`, so a change applies at once.
 * Loaded leniently (a bad field falls back to its default and is reported); saved atomically.
 */
export class SettingsService {
  private value: Settings;
  private problems: { field: string; message: string }[];
  private readonly listeners = new Set<(next: Settings, prev: Settings) => void>();

  private constructor(
    private readonly path: string | null,
    initial: Settings,
    problems: { field: string; message: string }[],
  ) {
    this.value = initial;
    this.problems = problems;
  }

  static async fromFile(path: string): Promise<{ service: SettingsService; notices: { level: 'warning'; message: string }[] }> {
    const loaded = await loadSettings(path);
    const notices = loaded.notices.map((n) => ({ level: 'warning' as const, message: n.message }));
    return { service: new SettingsService(path, loaded.settings, loaded.problems), notices };
  }

  /** Settings that live only in memory (the CLI with --config, tests). */
  static inMemory(settings: Settings): SettingsService {
    return new SettingsService(null, settings, []);
  }

  current(): Settings {
    return this.value;
  }

  state(extraProblems: { field: string; message: string }[] = []): SettingsState {
    return { settings: this.value, problems: [...this.problems, ...extraProblems] };
  }

  async set(next: Settings): Promise<void> {
    const parsed = SettingsSchema.parse(next);
    if (this.path) await writeFileAtomic(this.path, `${JSON.stringify(parsed, null, 2)}\n`);
    const prev = this.value;
    this.value = parsed;
    this.problems = [];
    for (const listener of this.listeners) listener(parsed, prev);
  }

  async reset(): Promise<void> {
    await this.set(SettingsSchema.parse({}));
  }

  onChange(listener: (next: Settings, prev: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
