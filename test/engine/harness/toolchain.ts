// The real engine for the engine tests: builds it (scripts/engine/build.sh, cached outside the repo)
// and lays out a bin folder of TEST STAND-IN provider plugins beside it.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ADMIN_TOKEN } from "./kube-apiservers.ts";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Providers that cannot be built from the Go module proxy, so the engine tests run stand-ins for them. */
export const STANDIN_PACKAGES = ["aws", "gcp", "azure-native", "random", "tls", "command"] as const;

export interface Toolchain {
  /** Holds bin/pulumi (the Automation API's PulumiCommand root). */
  readonly root: string;
  readonly bin: string;
  /** The stand-in provider and credential plugins. */
  readonly standinBin: string;
}

/** Builds what is missing (printing what and how long), then returns where everything is. */
export function ensureToolchain(scratch: string): Toolchain {
  const script = join(repoRoot, "scripts/engine/build.sh");
  execFileSync("bash", [script], { stdio: ["ignore", "inherit", "inherit"] });
  const bin = execFileSync("bash", [script, "--print"], { encoding: "utf8" }).trim();
  const standinBin = join(scratch, "standin-bin");
  mkdirSync(standinBin, { recursive: true });
  const node = process.execPath;
  for (const pkg of STANDIN_PACKAGES) {
    shim(join(standinBin, `pulumi-resource-${pkg}`), `exec "${node}" --no-warnings "${join(repoRoot, "test/engine/standins/main.ts")}" ${pkg} "$@"`);
  }
  // TEST STAND-INS for the credential plugins the clusters' kubeconfigs run (aws eks get-token,
  // gke-gcloud-auth-plugin, kubelogin): each prints a client.authentication.k8s.io ExecCredential with
  // the token the test API servers accept, as the real ones print a short-lived cloud token.
  const credential = JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1beta1", kind: "ExecCredential", status: { token: ADMIN_TOKEN } });
  const print = `printf '%s\\n' '${credential}'`;
  shim(join(standinBin, "aws"), `[ "$1 $2" = "eks get-token" ] || { echo "stand-in aws CLI: only 'eks get-token'" >&2; exit 1; }\n${print}`);
  shim(join(standinBin, "gke-gcloud-auth-plugin"), print);
  shim(join(standinBin, "kubelogin"), `[ "$1" = "get-token" ] || { echo "stand-in kubelogin: only 'get-token'" >&2; exit 1; }\n${print}`);
  return { root: dirname(bin), bin, standinBin };
}

function shim(path: string, command: string): void {
  writeFileSync(path, `#!/bin/sh\n${command}\n`);
  chmodSync(path, 0o755);
}
