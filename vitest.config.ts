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
    // Vitest's default is one worker less than the cores: one worker on a 2-core CI machine, which
    // left a core idle (user+sys CPU was 0.8 of the wall time). Two workers use both.
    maxWorkers: 2,
    // A worker runs its files one after another and every run under mocks resets the SDK's mocks
    // and config (src/preview/mock-run.ts), so files can share a worker's loaded modules: the
    // Pulumi and provider SDKs were imported once per file (39% of the suite's time).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
