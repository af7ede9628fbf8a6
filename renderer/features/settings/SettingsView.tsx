import type { AppInfo, SettingsState } from '../../../shared/contract';
import type { ChannelState } from '../../api/use-channel';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { ProtectionsList } from '../app-info/ProtectionsList';
import { SettingsForm } from './SettingsForm';

/** Settings, and what this machine offers (protections, data folder). */
export function SettingsView({ settings, info }: { settings: ChannelState<SettingsState>; info: AppInfo | undefined }) {
  return (
    <div className="view settings-view" aria-labelledby="settings-heading">
      <header className="view-header">
        <h1 id="settings-heading">Settings</h1>
      </header>
      {settings.loading && !settings.data ? <Loading label="Loading settings…" testId="settings-loading" /> : null}
      {settings.error && !settings.data ? (
        <ErrorNotice error={settings.error} title="Settings could not be read" onRetry={settings.reload} testId="settings-error" />
      ) : null}
      {settings.data ? <SettingsForm state={settings.data} onSaved={(next) => settings.setData(() => next)} /> : null}
      <section className="settings-section machine" aria-labelledby="machine-heading">
        <h2 id="machine-heading" className="section-heading">
          This machine
        </h2>
        {info ? (
          <>
            <ProtectionsList protections={info.protections} />
            <dl className="facts">
              <div>
                <dt>Version</dt>
                <dd>{info.version}</dd>
              </div>
              <div>
                <dt>Platform</dt>
                <dd>
                  {info.platform}/{info.arch} · {info.cores} cores
                </dd>
              </div>
              <div>
                <dt>Data folder</dt>
                <dd className="mono">{info.dataDir}</dd>
              </div>
            </dl>
          </>
        ) : (
          <p className="muted small">Reading…</p>
        )}
      </section>
    </div>
  );
}
