import { defineConfig } from "vitest/config";

// The engine tests (npm run test:engine): the real Pulumi CLI, the Kubernetes provider, etcd and
// kube-apiserver built from their Go modules (scripts/engine/build.sh), stand-in plugins for the
// clouds. Slow by nature: one file at a time, generous timeouts, and no mocks anywhere.
export default defineConfig({
  test: {
    include: ["test/engine/**/*.engine.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 3_600_000,
  },
});
