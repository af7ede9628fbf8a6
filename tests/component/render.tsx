import { render, type RenderResult } from '@testing-library/react';
import { useEffect, type ReactNode } from 'react';
import { AnnouncerProvider } from '../../renderer/app/announcer';
import { AppStateProvider, useAppState, type AppState } from '../../renderer/app/app-state';
import { ProjectLoaderProvider } from '../../renderer/features/project/project-loader';
import { QueueProvider } from '../../renderer/features/queue/queue-context';
import { ToolsProvider } from '../../renderer/features/tools/tools-context';

type Initial = Partial<Pick<AppState, 'view' | 'project' | 'toolId' | 'jobId' | 'comparing'>>;

/** What the app state holds right now, for assertions (updated on every render of the probe). */
export interface StateProbe {
  current: AppState | null;
}

function Probe({ onState }: { onState: (state: AppState) => void }) {
  const state = useAppState();
  useEffect(() => onState(state));
  return null;
}

/** Renders a piece of the window inside the same providers the app uses (window.hapyy must be installed first). */
export function renderWithProviders(ui: ReactNode, initial: Initial = {}): RenderResult & { state: StateProbe } {
  const state: StateProbe = { current: null };
  const result = render(
    <AnnouncerProvider>
      <AppStateProvider initial={initial}>
        <ToolsProvider>
          <QueueProvider>
            <ProjectLoaderProvider>
              <Probe
                onState={(s) => {
                  state.current = s;
                }}
              />
              {ui}
            </ProjectLoaderProvider>
          </QueueProvider>
        </ToolsProvider>
      </AppStateProvider>
    </AnnouncerProvider>,
  );
  return Object.assign(result, { state });
}

/** The text in the polite and assertive live regions. */
export function announced(): string {
  const polite = document.querySelector('[data-testid=live-polite]')?.textContent ?? '';
  const assertive = document.querySelector('[data-testid=live-assertive]')?.textContent ?? '';
  return `${polite} ${assertive}`.replace(/\u200b/g, '');
}
