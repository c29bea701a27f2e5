import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin build: `npm run -w web/frontend build` writes dist/, which the backend serves at `/`
 * (web/src/admin-ui fills in the HTML template's meta tags, so the app is always opened through the backend).
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Polaris with its CSS is one large vendor chunk; the chart library is split off by React.lazy.
    chunkSizeWarningLimit: 1200,
  },
});
