import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setUnauthorizedHandler, tokenStore } from '../api/client';
import type { Self } from '../api/types';

export interface Session {
  /** Null while signed out. */
  self: Self | null;
  token: string | null;
  /** True while a stored token is being checked after a reload. */
  restoring: boolean;
  /** Why the stored token could not be checked yet (the controller did not answer); retried. */
  restoreError: string | null;
  /** Why the last session ended, shown on the sign-in page. */
  endedBecause: string | null;
  signIn(token: string): Promise<void>;
  signOut(reason?: string): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in token's identity; only rendered inside the signed-in layout. */
export function useSelf(): Self {
  const { self } = useSession();
  if (!self) throw new Error('useSelf while signed out');
  return self;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [self, setSelf] = useState<Self | null>(null);
  const [token, setToken] = useState<string | null>(() => tokenStore.get());
  const [restoring, setRestoring] = useState<boolean>(() => tokenStore.get() !== null);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    tokenStore.clear();
    setSelf(null);
    setToken(null);
    setEndedBecause(reason ?? null);
  }, []);

  const signIn = useCallback(async (candidate: string) => {
    const value = candidate.trim();
    const who = await api.self(value);
    if (who.role === 'agent') {
      throw new ApiError(
        403,
        'forbidden',
        'This is an agent token: it can only push checkpoints. Sign in with a viewer, operator or admin token.',
      );
    }
    tokenStore.set(value);
    setToken(value);
    setSelf(who);
    setRestoring(false);
    setEndedBecause(null);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler((error) =>
      signOut(
        `Your session ended: the controller no longer accepts this token (${error.message}). Sign in again.`,
      ),
    );
  }, [signOut]);

  useEffect(() => {
    const stored = tokenStore.get();
    if (!stored) return;
    let stopped = false;
    let timer: number | undefined;
    const attempt = () => {
      api
        .self(stored)
        .then((who) => {
          if (stopped) return;
          setSelf(who);
          setRestoring(false);
          setRestoreError(null);
        })
        .catch((error: unknown) => {
          if (stopped) return;
          if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
            setRestoring(false);
            signOut('Your stored token is no longer valid. Sign in again.');
          } else {
            // The controller did not answer: keep the token and try again, a disaster is no time to lose a session.
            setRestoreError(error instanceof Error ? error.message : String(error));
            timer = window.setTimeout(attempt, 5000);
          }
        });
    };
    attempt();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [signOut]);

  const value = useMemo<Session>(
    () => ({ self, token, restoring, restoreError, endedBecause, signIn, signOut }),
    [self, token, restoring, restoreError, endedBecause, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
