// Dashboard entry: creates the API client and the session store, and mounts the app.
// First of all: zod must not probe for eval under the CSP (see the module).
import './lib/no-eval.ts';
import { render } from 'preact';
import { App } from './App.tsx';
import { createApi } from './lib/api.ts';
import { createSessionStore, type SessionStore } from './stores/session.ts';
import './styles.css';

let session: SessionStore | null = null;
const api = createApi({ onUnauthorized: () => session?.expire() });
session = createSessionStore(api);

const root = document.getElementById('app');
if (root) render(<App services={{ api, session }} />, root);
