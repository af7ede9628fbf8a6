import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyTheme, rememberedTheme } from './app/use-theme';
import './styles/index.css';

// Paint in the last theme before the first frame; the saved setting takes over once settings load.
applyTheme(rememberedTheme());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
