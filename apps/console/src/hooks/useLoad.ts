import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type DependencyList,
  type Dispatch,
  type SetStateAction,
} from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first answer for the current deps (later reloads keep showing the previous data). */
  loading: boolean;
  /** True while any load, first or later, is in flight. */
  busy: boolean;
  /** When the data was last fetched successfully. */
  updatedAt: Date | null;
  reload(): void;
  setData: Dispatch<SetStateAction<T | undefined>>;
}

interface State<T> {
  /** The deps the data and error belong to: data of other deps is never shown. */
  key: string | null;
  data: T | undefined;
  error: unknown;
  updatedAt: Date | null;
}

/**
 * Runs `load` when `deps` change and on `reload()`, aborting the previous run.
 * A failed reload keeps the last good data beside the error: during an incident
 * stale-but-labelled beats blank. `deps` must be JSON-serialisable (ids, filters).
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<State<T>>({ key: null, data: undefined, error: null, updatedAt: null });
  const [busy, setBusy] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) setState({ key, data: value, error: null, updatedAt: new Date() });
      })
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) =>
          s.key === key ? { ...s, error: cause } : { key, data: undefined, error: cause, updatedAt: null },
        );
      })
      .finally(() => {
        if (!controller.signal.aborted) setBusy(false);
      });
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback<Dispatch<SetStateAction<T | undefined>>>(
    (next) =>
      setState((s) => ({
        ...s,
        data: typeof next === 'function' ? (next as (prev: T | undefined) => T | undefined)(s.data) : next,
      })),
    [],
  );
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : null,
    loading: !current,
    busy: busy || !current,
    updatedAt: current ? state.updatedAt : null,
    reload,
    setData,
  };
}
