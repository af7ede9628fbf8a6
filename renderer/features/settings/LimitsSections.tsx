import { DEFAULT_PER_WATCH_HOURLY } from '../../../shared/settings';
import { CheckboxField } from './CheckboxField';
import { NumberField } from './NumberField';
import { MB, MS } from './units';

/** Run limits: what any one run may use before it is stopped. */
export function RunLimitsSection() {
  return (
    <fieldset className="settings-section">
      <legend>Run limits</legend>
      <p className="muted small">Apply to every run; a tool's own time limit is set under Time limits.</p>
      <div className="field-grid">
        <NumberField path={['limits', 'logBytes']} label="Output per run" unit={MB} hint="The run stops when its log reaches this size." />
        <NumberField path={['limits', 'outputLinesKept']} label="Lines kept for display" hint="Older lines stay in the full log." />
        <NumberField path={['limits', 'memoryBytes']} label="Memory per run" unit={MB} />
        <NumberField path={['limits', 'processes']} label="Processes per run" />
        <NumberField path={['limits', 'fileWriteBytes']} label="Largest file a tool may write" unit={MB} />
        <NumberField path={['limits', 'writeBytes']} label="Bytes a tool may write in total" unit={MB} hint="Everything it adds to its run folder; the run stops past this." />
        <NumberField path={['limits', 'graceMs']} label="Grace period when stopping" unit={MS} />
      </div>
    </fieldset>
  );
}

export function QueueSection() {
  return (
    <fieldset className="settings-section">
      <legend>Queue</legend>
      <div className="field-grid">
        <NumberField path={['queue', 'concurrency']} label="Runs at once" hint="0 = one per CPU core." />
        <NumberField path={['queue', 'capacity']} label="Queue capacity" hint="Waiting jobs beyond this are refused." />
        <NumberField path={['queue', 'perClientActive']} label="Active jobs per window" hint="Waiting plus running; 0 = no limit." />
        <NumberField path={['queue', 'perClientHourly']} label="Submits per window per hour" hint="0 = no limit." />
        <NumberField
          path={['queue', 'perWatchHourly']}
          label="Runs per watch per hour"
          hint={`A watch's runs count here, not per window. Empty = ${DEFAULT_PER_WATCH_HOURLY}; 0 = no limit.`}
          optional
          placeholder={String(DEFAULT_PER_WATCH_HOURLY)}
        />
      </div>
    </fieldset>
  );
}

export function IntakeSection() {
  return (
    <fieldset className="settings-section">
      <legend>Projects</legend>
      <div className="field-grid">
        <NumberField path={['intake', 'totalBytes']} label="Largest project" unit={MB} />
        <NumberField path={['intake', 'files']} label="Most files in a project" />
        <NumberField path={['intake', 'fileBytes']} label="Largest single file" unit={MB} />
        <NumberField path={['intake', 'depth']} label="Deepest folder nesting" />
      </div>
      <CheckboxField path={['intake', 'respectGitignore']} label="Leave out files listed in .gitignore" />
    </fieldset>
  );
}

export function RetentionSection() {
  return (
    <fieldset className="settings-section">
      <legend>Retention</legend>
      <div className="field-grid">
        <NumberField path={['retention', 'days']} label="Keep runs for" unit={{ factor: 1, name: 'days' }} hint="0 = no age limit." />
        <NumberField path={['retention', 'runs']} label="Keep at most" unit={{ factor: 1, name: 'runs' }} hint="0 = no count limit." />
      </div>
    </fieldset>
  );
}

export function WatchSection() {
  return (
    <fieldset className="settings-section">
      <legend>Watch</legend>
      <div className="field-grid">
        <NumberField path={['watch', 'debounceMs']} label="Wait after the last change" unit={MS} hint="A watched folder runs again once it has been still this long." />
      </div>
    </fieldset>
  );
}

export function SandboxSection() {
  return (
    <fieldset className="settings-section">
      <legend>Isolation</legend>
      <CheckboxField path={['sandbox']} label="Run tools in a sandbox (bubblewrap) where available" hint="Linux only; other protections apply everywhere." />
    </fieldset>
  );
}
