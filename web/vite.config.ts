import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The back-office app. `npm run web:build` writes web/dist, which the gateway serves at `/`
 * (`npm start` builds it first when web/ changed). `npm run web:dev` serves it with hot reload and
 * forwards `/graphql` and `/downloads` to the Tally at `TALLY_URL` (default http://127.0.0.1:4000),
 * so a Tally running elsewhere needs no CORS setup.
 */
const target = process.env.TALLY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/graphql': { target, changeOrigin: true },
      '/downloads': { target, changeOrigin: true },
    },
  },
});
