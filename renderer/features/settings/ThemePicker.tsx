import type { Theme } from '../../../shared/settings';

const OPTIONS: { value: Theme; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'Follow the operating system' },
  { value: 'light', label: 'Light', hint: '' },
  { value: 'dark', label: 'Dark', hint: '' },
];

/** Theme applies at once (saved on its own), so the choice can be seen before moving on. */
export function ThemePicker({ value, onChange, disabled }: { value: Theme; onChange: (theme: Theme) => void; disabled: boolean }) {
  return (
    <fieldset className="settings-section">
      <legend>Appearance</legend>
      <div className="segmented" role="radiogroup" aria-label="Theme">
        {OPTIONS.map((o) => (
          <label key={o.value} className={`segment${value === o.value ? ' segment-on' : ''}`} title={o.hint || undefined}>
            <input
              type="radio"
              name="theme"
              value={o.value}
              checked={value === o.value}
              disabled={disabled}
              onChange={() => onChange(o.value)}
              data-testid={`setting-theme-${o.value}`}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
