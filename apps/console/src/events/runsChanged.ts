import { useEffect, useRef } from 'react';

/**
 * This tab started or changed a failover run or a site failover: the banner and lists refresh at
 * once instead of waiting for the next event or poll.
 */
const EVENT = 'twinsite:runs-changed';

export function notifyRunsChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function useRunsChanged(handler: () => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const listener = () => ref.current();
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, []);
}
