import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/** Within this many pixels of the end counts as "at the bottom" (sub-pixel scroll positions, rounding). */
const SLACK_PX = 24;

/**
 * Auto-scroll for a growing list: sticks to the bottom while `following`; the user scrolling up stops it,
 * reaching the bottom again (or "Jump to latest") resumes it. Returns the ref for the scrolling element.
 */
export function useFollow(growth: number) {
  const viewport = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (following && el) el.scrollTop = el.scrollHeight;
  }, [following, growth]);

  const onScroll = useCallback(() => {
    const el = viewport.current;
    if (!el) return;
    setFollowing(el.scrollHeight - el.scrollTop - el.clientHeight <= SLACK_PX);
  }, []);

  /** The user asked to look elsewhere (wheel up, keys, a search hit). */
  const stop = useCallback(() => setFollowing(false), []);
  const jumpToLatest = useCallback(() => {
    const el = viewport.current;
    if (el) el.scrollTop = el.scrollHeight;
    setFollowing(true);
  }, []);

  return { viewport, following, onScroll, stop, jumpToLatest };
}
