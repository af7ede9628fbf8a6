import type { OutputLine } from '../../../shared/jobs';
import type { ToolStatus } from '../../../shared/contract';

/**
 * The engine's debug chatter, as its definition names it (EngineDef.chatter): stdout lines matching one of the
 * patterns. Hidden in the console by default; never dropped from run.log. Null when the engine declares none.
 */
export function chatterMatcher(tools: readonly ToolStatus[] | undefined, toolId: string, engineId: string | undefined): ((line: OutputLine) => boolean) | null {
  const engine = tools?.find((t) => t.tool.id === toolId)?.tool.execution.engines.find((e) => e.id === engineId);
  const patterns = (engine?.chatter ?? []).flatMap((source) => {
    try {
      return [new RegExp(source)];
    } catch {
      return [];
    }
  });
  if (patterns.length === 0) return null;
  return (line) => line.stream === 'stdout' && patterns.some((p) => p.test(line.text));
}
