import '@shopify/polaris/build/esm/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { readEnv } from './env';
import { pickLocale } from './i18n/locale';

const env = readEnv();
const locale = pickLocale(window.location.search, env.appBridge?.config.locale);
document.documentElement.lang = locale;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App env={env} locale={locale} />
  </StrictMode>,
);
