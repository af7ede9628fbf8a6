import { useEffect } from 'react';
import type { Theme } from '../../shared/settings';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function resolveTheme(theme: Theme, systemDark: boolean): 'light' | 'dark' {
  return theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
}

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

const STORAGE_KEY = 'hapyy.theme';

/** Puts the resolved theme on <html data-theme>, following the OS while the setting is 'system'. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = resolveTheme(theme, systemPrefersDark());
}

/** The theme setting last seen, so the next start paints in it before settings arrive (no light/dark flash). */
export function rememberedTheme(): Theme {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system'; // storage can be unavailable (opaque origins); following the OS is the safe default
  }
}

function remember(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // not essential
  }
}

/** Applies `theme` (null: settings not loaded yet, keep what start-up applied) and follows the OS for 'system'. */
export function useTheme(theme: Theme | null): void {
  useEffect(() => {
    if (theme === null) return;
    applyTheme(theme);
    remember(theme);
    if (theme !== 'system' || typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DARK_QUERY);
    const onChange = () => applyTheme('system');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [theme]);
}
