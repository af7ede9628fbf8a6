import { TextField } from './TextField';

/** Settings → Pool: where runs go. The password comes back masked (redis://:****@…); leaving it so keeps it. */
export function PoolSection() {
  return (
    <fieldset className="settings-section">
      <legend>Pool</legend>
      <TextField
        path={['pool', 'url']}
        label="Shared pool (Redis address)"
        placeholder="redis://:password@host:6379 — empty: run on this machine"
        hint="Runs go to the workers of this pool from the next start of Hapyy. If it cannot be reached, runs use this machine and Hapyy says so."
      />
    </fieldset>
  );
}
