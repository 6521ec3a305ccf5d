import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type DependencyList,
} from 'react';
import type { ApiClient } from './client';
import type { CallerView } from './types';

export interface Session {
  api: ApiClient;
  caller: CallerView;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside a signed-in console');
  return session;
}

export function useApi(): ApiClient {
  return useSession().api;
}

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change; a newer load's answer always wins over an older one. */
export function useLoad<T>(load: (api: ApiClient) => Promise<T>, deps: DependencyList): Loaded<T> {
  const api = useApi();
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  const run = useCallback(
    () => {
      const mine = ++generation.current;
      setState((previous) => ({ ...previous, loading: true }));
      latest.current(api).then(
        (data) => mine === generation.current && setState({ data, loading: false }),
        (error: Error) =>
          mine === generation.current && setState((previous) => ({ ...previous, error, loading: false })),
      );
    },
    // The caller lists what `load` depends on, as with useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, ...deps],
  );
  useEffect(() => {
    run();
    return () => {
      generation.current += 1;
    };
  }, [run]);
  return { data: state.data, error: state.error, loading: state.loading, reload: run };
}
