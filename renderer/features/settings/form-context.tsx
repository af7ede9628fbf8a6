import { createContext, useContext } from 'react';
import type { Settings } from '../../../shared/settings';
import type { FieldIssue } from './field-issues';

export interface SettingsForm {
  draft: Settings;
  update: (path: readonly (string | number)[], value: unknown) => void;
  /** Client-side validation, by field id (`limits.memoryBytes`). */
  issues: ReadonlyMap<string, FieldIssue>;
  /** Problems main reported in SettingsState.problems, by field id. */
  problems: ReadonlyMap<string, string[]>;
}

export const SettingsFormContext = createContext<SettingsForm | null>(null);

export function useSettingsForm(): SettingsForm {
  const form = useContext(SettingsFormContext);
  if (!form) throw new Error('useSettingsForm needs a settings form above it.');
  return form;
}
