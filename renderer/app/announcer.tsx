import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

type Announce = (message: string, urgency?: 'polite' | 'assertive') => void;
const AnnouncerContext = createContext<Announce>(() => undefined);

/**
 * Two always-present live regions (polite and assertive). Status changes are announced as short sentences;
 * the same text repeated is re-announced by toggling a zero-width suffix, since screen readers skip identical text.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  const flip = useRef(false);
  const announce = useCallback<Announce>((message, urgency = 'polite') => {
    flip.current = !flip.current;
    const text = flip.current ? message : `${message}\u200b`;
    (urgency === 'assertive' ? setAssertive : setPolite)(text);
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="live-polite">
        {polite}
      </div>
      <div className="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true" data-testid="live-assertive">
        {assertive}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
