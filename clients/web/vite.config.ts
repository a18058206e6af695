import { defineConfig } from "vite";

// natterd serves dist/ at /; hashed files land under /assets/, which natterd
// caches as immutable. The dev server proxies the API and the WebSocket to a
// natterd on :8080.
export default defineConfig({
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    sourcemap: false,
    // A separate CSS file and no inline module preload polyfill: the CSP
    // allows neither inline scripts nor inline styles.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8080",
      "/ws": { target: "ws://127.0.0.1:8080", ws: true },
    },
  },
});
