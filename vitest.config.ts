import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The engine tests have their own runner (vitest.engine.config.ts, npm run test:engine).
    exclude: [...configDefaults.exclude, "test/engine/**"],
    setupFiles: ["test/setup/no-stray-console.ts"],
    globalSetup: ["test/setup/session-cache.ts"],
    // Program runs under Pulumi mocks share the SDK's process-wide state: one file, one process.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
