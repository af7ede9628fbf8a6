import { useEffect, useRef } from 'react';

/** Calls `fn` when `key` changes after the first render (refresh a list when something it shows changed). */
export function useOnChange(key: string, fn: () => void): void {
  const seen = useRef(key);
  useEffect(() => {
    if (seen.current === key) return;
    seen.current = key;
    fn();
  }, [key, fn]);
}
