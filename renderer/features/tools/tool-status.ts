import type { ToolStatus } from '../../../shared/contract';
import { CATEGORY_LABELS, type Category } from '../../../shared/categories';

/** Detection has not finished yet: every engine still reads 'not checked yet'. */
export function isChecking(status: ToolStatus): boolean {
  return !status.available && status.lookedFor.length > 0 && status.lookedFor.every((l) => l.reason === 'not checked yet');
}

/** "ShellCheck 0.10.0", "Not installed", "Checking…" */
export function engineLine(status: ToolStatus): string {
  if (status.engine) return `${status.engine.name} ${status.engine.version}`.trim();
  return isChecking(status) ? 'Checking…' : 'Not installed';
}

/** Why Run is off for an unavailable tool, naming the engine a user is most likely to install (the last fallback). */
export function unavailableReason(status: ToolStatus): string {
  if (isChecking(status)) return `Checking whether ${status.tool.name} is installed…`;
  const engine = status.lookedFor.at(-1)?.engine ?? status.tool.name;
  return `${engine} is not installed`;
}

export interface ToolGroup {
  category: Category;
  label: string;
  tools: ToolStatus[];
}

/** Tools by category in the catalogue's order; within a category, suggested tools first, then by name. */
export function groupTools(tools: readonly ToolStatus[], suggested: ReadonlySet<string>): ToolGroup[] {
  return (Object.keys(CATEGORY_LABELS) as Category[])
    .map((category) => ({
      category,
      label: CATEGORY_LABELS[category],
      tools: tools
        .filter((t) => t.tool.category === category)
        .sort((a, b) => Number(suggested.has(b.tool.id)) - Number(suggested.has(a.tool.id)) || a.tool.name.localeCompare(b.tool.name)),
    }))
    .filter((g) => g.tools.length > 0);
}
