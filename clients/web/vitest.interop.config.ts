import { defineConfig } from "vitest/config";

// The web app's e2ee against the C++ one (tests/interop): ctest runs this
// with E2EE_PEER naming the C++ peer program.
export default defineConfig({
  test: {
    include: ["tests/interop/**/*.test.ts"],
    environment: "node",
  },
});
