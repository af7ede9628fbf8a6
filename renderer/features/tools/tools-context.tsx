import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ToolStatus } from '../../../shared/contract';
import type { AppErrorShape } from '../../../shared/errors';
import { call } from '../../api/call';
import { useChannel } from '../../api/use-channel';
import { useEvent } from '../../api/use-event';
import { useAnnounce } from '../../app/announcer';

export interface ToolsState {
  tools: ToolStatus[] | undefined;
  loading: boolean;
  error: AppErrorShape | null;
  rescanning: boolean;
  rescan: () => Promise<void>;
  reload: () => void;
}

const ToolsContext = createContext<ToolsState | null>(null);

/** The tool list, kept current by `tools:changed` (detection finished, settings changed) and by Rescan. */
export function ToolsProvider({ children }: { children: ReactNode }) {
  const list = useChannel('tools:list', {});
  const announce = useAnnounce();
  const [rescanning, setRescanning] = useState(false);
  const [rescanError, setRescanError] = useState<AppErrorShape | null>(null);
  const { setData, reload } = list;
  useEvent('tools:changed', (tools) => setData(() => tools));
  const rescan = useCallback(async () => {
    setRescanning(true);
    setRescanError(null);
    const result = await call('tools:rescan', {});
    setRescanning(false);
    if (result.ok) {
      setData(() => result.value);
      const n = result.value.filter((t) => t.available).length;
      announce(`Tools checked: ${n} of ${result.value.length} available.`);
    } else {
      setRescanError(result.error);
      announce(`Could not check tools: ${result.error.message}`, 'assertive');
    }
  }, [announce, setData]);
  const value = useMemo<ToolsState>(
    () => ({ tools: list.data, loading: list.loading, error: rescanError ?? list.error, rescanning, rescan, reload }),
    [list.data, list.loading, list.error, rescanError, rescanning, rescan, reload],
  );
  return <ToolsContext.Provider value={value}>{children}</ToolsContext.Provider>;
}

export function useTools(): ToolsState {
  const state = useContext(ToolsContext);
  if (!state) throw new Error('useTools needs a <ToolsProvider> above it.');
  return state;
}
