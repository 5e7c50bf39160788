import { defineConfig } from "vitest/config";

// The engine tests (npm run test:engine): the real Pulumi CLI, the Kubernetes provider, etcd and
// kube-apiserver built from their Go modules (scripts/engine/build.sh), stand-in plugins for the
// clouds. Slow by nature: generous timeouts, and no mocks anywhere. Two files at a time: much of a
// file's time is spent waiting on the CLI, the providers and the API servers, and each file has its
// own scratch project, backend and API servers (ports are picked free), so two share a machine.
export default defineConfig({
  test: {
    include: ["test/engine/**/*.engine.test.ts"],
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 900_000,
    hookTimeout: 3_600_000,
  },
});
