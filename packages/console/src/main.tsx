// The console's entry: read where the API is and how people sign in, resume a session if the tab has one,
// then render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadConfig } from './config.ts';
import { configureApi } from './api.ts';
import { configureSession, restoreSession } from './session/session.ts';
import { App } from './app.tsx';
import './styles.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const config = await loadConfig();
    configureApi(config.apiUrl);
    configureSession(config.signIn);
    if (location.pathname !== '/callback') await restoreSession();
  } catch (error) {
    document.getElementById('root')!.textContent = (error as Error).message;
    return;
  }
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
