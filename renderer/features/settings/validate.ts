import type { ToolStatus } from '../../../shared/contract';
import { SettingsSchema, type Settings } from '../../../shared/settings';
import { CustomToolSchema } from '../../../shared/tools';
import { fieldId, issuesByField, type FieldIssue } from './field-issues';

export interface Validation {
  /** The settings to send, when everything is valid. */
  settings: Settings | null;
  issues: Map<string, FieldIssue>;
  /** Problems with the custom tools JSON, one line each. */
  customProblems: string[];
}

/** Parses the custom tools text: the list, or a sentence saying why it is not one. */
export function parseCustomTools(text: string): { list: unknown[] } | { error: string } {
  if (text.trim() === '') return { list: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!Array.isArray(value)) return { error: 'Custom tools must be a JSON list: [ { … }, … ]' };
  return { list: value };
}

/**
 * Validates the draft with the shared schemas, as main will: SettingsSchema for the whole, CustomToolSchema for
 * each custom tool (unique ids), and each tool's own maximum time limit.
 */
export function validateDraft(draft: Settings, customText: string, tools: readonly ToolStatus[]): Validation {
  const customProblems: string[] = [];
  const parsedCustom = parseCustomTools(customText);
  if ('error' in parsedCustom) customProblems.push(parsedCustom.error);
  const customTools = 'list' in parsedCustom ? parsedCustom.list : draft.customTools;
  const seen = new Set<string>();
  customTools.forEach((entry, i) => {
    const parsed = CustomToolSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') for (const key of issue.keys) customProblems.push(`customTools[${i}].${key}: unknown field`);
        else customProblems.push(`${fieldId(['customTools', i, ...issue.path])}: ${issue.message}`);
      }
      return;
    }
    if (seen.has(parsed.data.id)) customProblems.push(`customTools[${i}].id: duplicate id "${parsed.data.id}"`);
    seen.add(parsed.data.id);
  });

  const result = SettingsSchema.safeParse({ ...draft, customTools });
  const issues = result.success ? new Map<string, FieldIssue>() : issuesByField(result.error);
  for (const { tool } of tools) {
    const id = fieldId(['tools', tool.id, 'timeoutSec']);
    const value = draft.tools[tool.id]?.timeoutSec;
    if (!issues.has(id) && typeof value === 'number' && value > tool.execution.maxTimeoutSec) {
      issues.set(id, { code: 'too_big', message: `At most ${tool.execution.maxTimeoutSec} s for this tool.`, maximum: tool.execution.maxTimeoutSec });
    }
  }
  const ok = result.success && issues.size === 0 && customProblems.length === 0;
  return { settings: ok ? result.data : null, issues, customProblems };
}
