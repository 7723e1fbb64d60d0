// Side panel entry: creates the store over the background's calls, listens for its notifications, mounts the app.
import { render } from 'preact';
import { panelMessages } from '../../src/messages.ts';
import { callBackground, servePanel } from '../../src/messaging.ts';
import { App, StoreContext } from './App.tsx';
import { createPanelStore } from './store.ts';
import './style.css';

const store = createPanelStore(callBackground);
servePanel(panelMessages, {
  stateChanged: ({ what }) => {
    void store.onChanged(what);
    return {};
  },
  itemFocused: ({ itemCode, dossierCode }) => {
    store.focusByCode(itemCode, dossierCode);
    return {};
  },
});
window.addEventListener('online', () => void store.syncNow());
window.addEventListener('offline', () => void store.refreshSync());
void store.init();

const root = document.getElementById('app');
if (root)
  render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
    root,
  );
