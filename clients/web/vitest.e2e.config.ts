import { defineConfig } from "vitest/config";

// End-to-end tests: real headless Chromium against a real natterd. One file at
// a time (the browser and the server share a small machine); waits are on
// conditions with generous limits, never on fixed delays.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/global_setup.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    environment: "node",
  },
});
