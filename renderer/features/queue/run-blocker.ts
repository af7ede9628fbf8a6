import type { ToolStatus } from '../../../shared/contract';
import type { ProjectSummary } from '../../../shared/projects';
import { unavailableReason } from '../tools/tool-status';

export interface RunInputs {
  project: ProjectSummary | null;
  toolId: string | null;
  tools: readonly ToolStatus[] | undefined;
  scanning: boolean;
  submitting: boolean;
}

/** Why Run cannot be pressed right now, in the words shown next to it; null when it can. */
export function runBlocker({ project, toolId, tools, scanning, submitting }: RunInputs): string | null {
  if (scanning) return 'Wait for the project to finish loading';
  if (!project) return 'Open a project first';
  if (!toolId) return 'Pick a tool';
  if (!tools) return 'Checking which tools are installed…';
  const status = tools.find((t) => t.tool.id === toolId);
  if (!status) return 'Pick a tool';
  if (!status.available) return unavailableReason(status);
  if (submitting) return 'Submitting…';
  return null;
}
