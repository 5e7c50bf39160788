// One engine-test session: a scratch copy of the project (Pulumi.yaml, stacks/), a local file backend,
// a passphrase secrets provider, the stand-in plugins on PATH, and ways to run the real CLI on it.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { DriveRequest, DriveResult } from "./drive.ts";
import { ensureToolchain, repoRoot, type Toolchain } from "./toolchain.ts";

const run = promisify(execFile);

export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly custom?: boolean;
  readonly outputs?: Record<string, unknown>;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
}

export class EngineSession {
  readonly dir: string;
  readonly project: string;
  readonly toolchain: Toolchain;
  readonly env: Record<string, string>;
  readonly standinLog: string;
  readonly backend: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "clusterfleet-engine-"));
    this.toolchain = ensureToolchain(this.dir);
    this.project = join(this.dir, "project");
    this.backend = join(this.dir, "state");
    this.standinLog = join(this.dir, "standin.log");
    mkdirSync(join(this.project, "stacks"), { recursive: true });
    mkdirSync(this.backend);
    copyFileSync(join(repoRoot, "Pulumi.yaml"), join(this.project, "Pulumi.yaml"));
    for (const f of readdirSync(join(repoRoot, "stacks"))) copyFileSync(join(repoRoot, "stacks", f), join(this.project, "stacks", f));
    // The code itself is the repo's (the CLI checks that `main` exists; Node follows the links).
    for (const f of ["package.json", "node_modules", "src", "components", "policy"]) symlinkSync(join(repoRoot, f), join(this.project, f));
    this.env = {
      PATH: [this.toolchain.standinBin, this.toolchain.bin, dirname(process.execPath), process.env["PATH"] ?? ""].join(":"),
      PULUMI_HOME: join(this.dir, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-tests-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // No colour codes in what the tests read.
      NO_COLOR: "1",
      CLUSTERFLEET_STANDIN_LOG: this.standinLog,
    };
  }

  /** The real CLI, in the scratch project (commands that do not run the program). */
  async pulumi(args: readonly string[], opts: { readonly allowFailure?: boolean } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
    try {
      const r = await run(join(this.toolchain.bin, "pulumi"), [...args, "--non-interactive"], { cwd: this.project, env: { ...process.env, ...this.env }, maxBuffer: 256 << 20 });
      return { stdout: r.stdout, stderr: r.stderr, code: 0 };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; code?: number };
      if (!opts.allowFailure) throw new Error(`pulumi ${args.join(" ")} failed (${err.code}):\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
      return { stdout: err.stdout ?? "", stderr: err.stderr ?? "", code: typeof err.code === "number" ? err.code : 1 };
    }
  }

  /** preview / up / destroy / refresh of the ClusterFleet program, by the real CLI (see drive.ts). */
  drive(req: Omit<DriveRequest, "workDir" | "repoRoot" | "pulumiRoot" | "env">): Promise<DriveResult> {
    const full: DriveRequest = { ...req, workDir: this.project, repoRoot, pulumiRoot: this.toolchain.root, env: this.env };
    return new Promise((resolve, reject) => {
      const resultFile = join(this.dir, `drive-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
      const child = spawn(process.execPath, ["--no-warnings", "--max-old-space-size=8192", join(repoRoot, "test/engine/harness/drive.ts"), JSON.stringify(full), resultFile], {
        cwd: this.project,
        env: { ...process.env, ...this.env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        try {
          resolve(JSON.parse(readFileSync(resultFile, "utf8")) as DriveResult);
        } catch {
          reject(new Error(`drive ${req.op} ${req.stack} exited ${code} without a result:\n${out.slice(-4000)}\n${err.slice(-4000)}`));
        }
      });
    });
  }

  /** `pulumi stack output --json --show-secrets` (secrets in clear) or without (secrets masked). */
  async outputs(stack: string, showSecrets = false): Promise<Record<string, unknown>> {
    const r = await this.pulumi(["stack", "output", "--json", "--stack", stack, ...(showSecrets ? ["--show-secrets"] : [])]);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  /** The checkpoint file as the backend stores it (what an attacker with the bucket would read). */
  checkpointText(stack: string): string {
    const file = join(this.backend, ".pulumi", "stacks", "clusterfleet", `${stack}.json`);
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }

  async resources(stack: string): Promise<StateResource[]> {
    const r = await this.pulumi(["stack", "export", "--stack", stack]);
    const exported = JSON.parse(r.stdout) as { deployment?: { resources?: StateResource[] } };
    return exported.deployment?.resources ?? [];
  }

  /** What the stand-ins recorded: one entry per create, update and delete. */
  standinOps(): { provider: string; op: string; urn: string }[] {
    if (!existsSync(this.standinLog)) return [];
    return readFileSync(this.standinLog, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { provider: string; op: string; urn: string });
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every plaintext the state holds as a secret (from `pulumi stack export --show-secrets`). */
export async function secretPlaintexts(session: EngineSession, stack: string): Promise<string[]> {
  const r = await session.pulumi(["stack", "export", "--show-secrets", "--stack", stack]);
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270" && "plaintext" in o) {
        const text = String(o["plaintext"]);
        // The plaintext is JSON: a string secret is a quoted string.
        const value = text.startsWith('"') ? (JSON.parse(text) as string) : text;
        if (value.length >= 8) found.push(value);
      } else Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(r.stdout));
  return found;
}
