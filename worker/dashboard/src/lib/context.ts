// What every page needs from the app: the API client and the session, provided once by <App>.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionStore } from '../stores/session.ts';
import type { Api } from './api.ts';

export interface AppServices {
  api: Api;
  session: SessionStore;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext.Provider>');
  return value;
}
