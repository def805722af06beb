import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import './styles/base.css';
import './styles/controls.css';
import './styles/forms.css';
import './styles/overlays.css';
import './styles/pages.css';
import './styles/agent-type.css';
import './styles/log.css';
import './styles/pipelines.css';
import './styles/pipeline-form.css';
import './styles/secrets.css';
import './styles/projects.css';
import './styles/teams.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
