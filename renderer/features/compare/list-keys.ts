import type { KeyboardEvent } from 'react';

/**
 * Arrow keys, Page Up/Down, Home and End over a virtualized list: the index to move to from `current` (null when
 * the key is not one of them). The list scrolls the row into view and focuses it, since rows out of view are not
 * in the DOM for Tab to reach.
 */
export function nextIndex(e: KeyboardEvent, current: number, count: number, pageRows: number): number | null {
  const last = count - 1;
  switch (e.key) {
    case 'ArrowDown':
      return Math.min(last, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'PageDown':
      return Math.min(last, current + pageRows);
    case 'PageUp':
      return Math.max(0, current - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
