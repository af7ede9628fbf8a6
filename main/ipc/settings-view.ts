import type { SettingsState } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import { maskPoolUrl } from '../queue/pool/pool-url';

/** Settings as they leave the main process: the pool's password is never shown back in full. */
export function maskedState(state: SettingsState): SettingsState {
  const url = state.settings.pool.url;
  return url ? { ...state, settings: { ...state.settings, pool: { url: maskPoolUrl(url) } } } : state;
}

/** A pool address sent back unchanged (still masked) keeps the stored one, password included. */
export function keepPoolSecret(next: Settings, current: Settings): Settings {
  const stored = current.pool.url;
  return stored && next.pool.url === maskPoolUrl(stored) ? { ...next, pool: { url: stored } } : next;
}
