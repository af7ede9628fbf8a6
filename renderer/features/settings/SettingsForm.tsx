import { useMemo, useState } from 'react';
import type { SettingsState } from '../../../shared/contract';
import type { Settings, Theme } from '../../../shared/settings';
import { call } from '../../api/call';
import { useAnnounce } from '../../app/announcer';
import type { AppErrorShape } from '../../../shared/errors';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useTools } from '../tools/tools-context';
import { CustomToolsEditor } from './CustomToolsEditor';
import { setIn } from './draft';
import { SettingsFormContext, type SettingsForm as Form } from './form-context';
import { IntakeSection, QueueSection, RetentionSection, RunLimitsSection, SandboxSection, WatchSection } from './LimitsSections';
import { ThemePicker } from './ThemePicker';
import { CppStandardSection, EnginePathsSection, TimeLimitsSection } from './ToolSections';
import { validateDraft } from './validate';
import { PoolSection } from './PoolSection';

const customTextOf = (settings: Settings) => (settings.customTools.length ? JSON.stringify(settings.customTools, null, 2) : '');

/** Removes a per-tool override left empty, so clearing a field leaves no `{}` behind. */
function pruneTools(draft: Settings): Settings {
  const tools = Object.fromEntries(Object.entries(draft.tools).filter(([, o]) => Object.keys(o).length > 0));
  return Object.keys(tools).length === Object.keys(draft.tools).length ? draft : { ...draft, tools };
}

/** The editable settings: a draft validated as it changes, saved as a whole; theme saved on its own. */
export function SettingsForm({ state, onSaved }: { state: SettingsState; onSaved: (next: SettingsState) => void }) {
  const { tools } = useTools();
  const announce = useAnnounce();
  const [draft, setDraft] = useState<Settings>(state.settings);
  const [customText, setCustomText] = useState(() => customTextOf(state.settings));
  const [generation, setGeneration] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [savedNote, setSavedNote] = useState(false);

  const validation = useMemo(() => validateDraft(draft, customText, tools ?? []), [draft, customText, tools]);
  const problems = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const p of state.problems) map.set(p.field, [...(map.get(p.field) ?? []), p.message]);
    return map;
  }, [state.problems]);
  const customProblems = [
    ...validation.customProblems,
    ...state.problems.filter((p) => p.field.startsWith('customTools')).map((p) => `${p.field}: ${p.message}`),
  ];
  const dirty = JSON.stringify(draft) !== JSON.stringify(state.settings) || customText !== customTextOf(state.settings);
  const invalidCount = validation.issues.size + validation.customProblems.length;

  const form = useMemo<Form>(
    () => ({
      draft,
      update: (path, value) => {
        setSavedNote(false);
        setDraft((d) => pruneTools(setIn(d, path, value)));
      },
      issues: validation.issues,
      problems,
    }),
    [draft, validation.issues, problems],
  );

  const apply = (next: SettingsState, message: string, remount: boolean) => {
    onSaved(next);
    setDraft(next.settings);
    setCustomText(customTextOf(next.settings));
    if (remount) setGeneration((g) => g + 1);
    announce(message);
  };

  const save = async () => {
    if (!validation.settings) {
      document.querySelector<HTMLElement>('.settings-form [aria-invalid="true"]')?.focus();
      announce(`${invalidCount} ${invalidCount === 1 ? 'setting needs' : 'settings need'} fixing before saving.`, 'assertive');
      return;
    }
    setSaving(true);
    setError(null);
    const result = await call('settings:set', { settings: validation.settings });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      announce(`Settings not saved: ${result.error.message}`, 'assertive');
      return;
    }
    apply(result.value, 'Settings saved.', false);
    setSavedNote(true);
  };

  const saveTheme = async (theme: Theme) => {
    setDraft((d) => ({ ...d, theme }));
    const result = await call('settings:set', { settings: { ...state.settings, theme } });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onSaved(result.value);
    announce(`Theme: ${theme}.`);
  };

  const reset = async () => {
    setConfirmReset(false);
    setSaving(true);
    setError(null);
    const result = await call('settings:reset', {});
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    apply(result.value, 'Settings restored to their defaults.', true);
  };

  return (
    <SettingsFormContext.Provider value={form}>
      <form
        className="settings-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {state.problems.length > 0 ? (
          <div className="notice notice-warning" data-testid="settings-problems">
            <Icon name="warning" className="notice-icon" />
            <div className="notice-body">
              <strong className="notice-title">Some saved settings could not be used</strong>
              <ul className="plain-list small">
                {state.problems.map((p) => (
                  <li key={`${p.field}:${p.message}`}>
                    <span className="mono">{p.field}</span>: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        ) : null}
        {error ? <ErrorNotice error={error} title="Settings" testId="settings-save-error" /> : null}
        <ThemePicker value={draft.theme} onChange={(t) => void saveTheme(t)} disabled={saving} />
        <div key={generation} className="settings-sections">
          <RunLimitsSection />
          <TimeLimitsSection tools={tools ?? []} />
          <CppStandardSection tools={tools ?? []} />
          <QueueSection />
          <IntakeSection />
          <RetentionSection />
          <WatchSection />
          <EnginePathsSection tools={tools ?? []} />
          <CustomToolsEditor
            text={customText}
            onText={(t) => {
              setSavedNote(false);
              setCustomText(t);
            }}
            problems={customProblems}
          />
          <SandboxSection />
          <PoolSection />
        </div>
        <div className="settings-footer">
          <button type="button" className="btn btn-ghost" onClick={() => setConfirmReset(true)} disabled={saving} data-testid="settings-reset">
            Restore defaults
          </button>
          <span className="spacer" />
          <span className="muted small" role="status" data-testid="settings-state">
            {invalidCount > 0 ? `${invalidCount} to fix` : dirty ? 'Unsaved changes' : savedNote ? 'Saved' : ''}
          </span>
          <button type="submit" className="btn btn-primary" disabled={saving || !dirty} data-testid="settings-save">
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      {confirmReset ? (
        <ConfirmDialog
          title="Restore default settings?"
          message="Every limit, engine path, custom tool and the theme go back to their defaults."
          confirmLabel="Restore defaults"
          danger
          onCancel={() => setConfirmReset(false)}
          onConfirm={() => void reset()}
        />
      ) : null}
    </SettingsFormContext.Provider>
  );
}
