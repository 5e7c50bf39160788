// The local sharded runner on the real engine: the scheduler and the Automation API adapter
// (src/shards/shard-stack.ts) run four tiny shard stacks on file backends, as `clusterfleet up` runs
// a fleet's shards. One shard reads another's output through a StackReference; one fails and its
// dependent is skipped while the others go on; one keeps its state in its own backend and reads its
// predecessor on the other backend from the config the runner passes (a secret output staying a
// secret); a secret stays a secret in the shard's stack file; the rerun resumes (only what failed or
// was skipped runs); the fleet's observed state reaches the shards that run later.
// Inline programs, as the other engine tests: the Node.js language host cannot be built here.
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderRunSummary } from "../../src/cli/render-run.ts";
import type { ShardPlan } from "../../src/plan/shards.ts";
import { PassedOutputs } from "../../src/program/passed-outputs.ts";
import { ShardReader } from "../../src/program/shard-source.ts";
import { passedOutputsConfig } from "../../src/shards/cross-backend.ts";
import { withObserved } from "../../src/shards/fleet-observed.ts";
import { plainSink, ProgressBoard } from "../../src/shards/progress.ts";
import { runRecordPath } from "../../src/shards/resume.ts";
import { runShards, type RunnableShard } from "../../src/shards/run-shards.ts";
import { fleetSecrets, readShardOutputs, runShardStack, secureKeys, type ShardConfig, type ShardStackOptions } from "../../src/shards/shard-stack.ts";
import type { ShardResult } from "../../src/shards/schedule.ts";
import { repoRoot } from "./harness/toolchain.ts";

const PROJECT = "shardtest";
const STACK = "fleet";
let dir: string;
let projectDir: string;
let pulumiCommand: PulumiCommand;
let env: Record<string, string>;
let sovereignBackend: string;
/** The shards' config, from the fleet stack's file as `clusterfleet up` reads it. */
let shardConfig: ShardConfig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "clusterfleet-shard-runner-"));
  projectDir = join(dir, "project");
  mkdirSync(join(projectDir, "stacks"), { recursive: true });
  writeFileSync(join(projectDir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\nstackConfigDir: stacks\n`);
  mkdirSync(join(dir, "state"));
  mkdirSync(join(dir, "state-eu"));
  sovereignBackend = `file://${join(dir, "state-eu")}`;
  // Only where the engine is: building it is scripts/engine/build.sh's job (npm run test:engine).
  const bin = execFileSync("bash", [join(repoRoot, "scripts/engine/build.sh"), "--print"], { encoding: "utf8" }).trim();
  pulumiCommand = await PulumiCommand.get({ root: dirname(bin) });
  env = {
    PULUMI_HOME: join(dir, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${join(dir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "shard-runner-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NO_COLOR: "1",
  };
});
/**
 * The fleet's own stack, as a user sets it up: a plain value and a secret (`pulumi config set
 * --secret`), encrypted for this stack in its stack file. The shards get the secret through it.
 */
async function fleetStack(): Promise<ShardConfig> {
  const fleet = await LocalWorkspace.createOrSelectStack({ stackName: STACK, projectName: PROJECT, program: async () => ({}) }, { workDir: projectDir, pulumiCommand, envVars: env });
  await fleet.setConfig(`${PROJECT}:greeting`, { value: "hello" });
  await fleet.setConfig(`${PROJECT}:token`, { value: "s3cret-token-value", secret: true });
  const config = (parse(readFileSync(join(projectDir, "stacks", `Pulumi.${STACK}.yaml`), "utf8")) as { config: Record<string, unknown> }).config;
  const secure = secureKeys(config);
  expect(secure).toEqual([`${PROJECT}:token`]);
  return { plain: Object.fromEntries(Object.entries(config).filter(([k]) => !secure.includes(k))), secrets: await fleetSecrets(projectDir, STACK, secure, { pulumiCommand, envVars: env }) };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ran: string[] = [];
let brokenFails = true;

/** A component per shard, so the engine has a resource to report besides the stack. */
class Thing extends pulumi.ComponentResource {
  constructor(name: string) {
    super("shardtest:index:Thing", name, {}, {});
    this.registerOutputs({});
  }
}

/** The shards' programs: `reader` reads `base` by StackReference; `broken` fails until told not to. */
const programs: Record<string, () => Promise<Record<string, unknown>>> = {
  base: async () => {
    const config = new pulumi.Config(PROJECT);
    new Thing("base");
    return {
      greeting: `${config.require("greeting")} from ${new pulumi.Config("clusterfleet").require("shard")}`,
      tokenLength: config.requireSecret("token").apply((t) => t.length),
      // Its part of the fleet's observed state, which the runner records and passes to later shards.
      observed: { clusters: { "base-cluster": { kubernetesVersion: "1.35" } } },
    };
  },
  reader: async () => {
    new Thing("reader");
    const base = new pulumi.StackReference("base", { name: `organization/${PROJECT}/${STACK}.base` });
    return { seen: pulumi.interpolate`${base.requireOutput("greeting")}!`, given: new pulumi.Config("clusterfleet").getObject("observed") ?? null };
  },
  broken: async () => {
    new Thing("broken");
    if (brokenFails) throw new pulumi.RunError("the broken shard fails on purpose");
    return { note: "from broken", secretNote: pulumi.secret("broken-secret-value") };
  },
  // In another backend than `broken`: reads it through the ShardReader, from the config the runner passes.
  "after-broken": async () => {
    new Thing("after-broken");
    const broken = new ShardReader(STACK, PassedOutputs.fromConfig(new pulumi.Config("clusterfleet"))).ref("broken");
    return { seen: broken.requireOutput("note"), seenSecret: broken.requireOutput("secretNote") };
  },
};

const shards: RunnableShard[] = [
  { name: "base", after: [], hash: "base-v1" },
  { name: "broken", after: [], hash: "broken-v1" },
  { name: "reader", after: ["base"], hash: "reader-v1" },
  { name: "after-broken", after: ["broken"], hash: "after-broken-v1" },
];

const options = (name: string): ShardStackOptions => {
  const stackName = `${STACK}.${name}`;
  return {
    projectDir,
    stackName,
    shard: name,
    stackConfigFile: join(projectDir, "stacks", `Pulumi.${stackName}.yaml`),
    config: shardConfig,
    logFile: join(projectDir, ".clusterfleet", "logs", STACK, `${name}.log`),
    // after-broken keeps its state in its own (its jurisdiction's) backend.
    ...(name === "after-broken" ? { backend: sovereignBackend } : {}),
    program: async () => {
      ran.push(name);
      return await programs[name]!();
    },
    projectName: PROJECT,
    pulumiCommand,
    envVars: env,
  };
};

/** The shards as the plan would list them: after-broken alone keeps its state in its own backend. */
const planOf = (name: string): ShardPlan =>
  ({ name, after: shards.find((s) => s.name === name)!.after, state: { ...(name === "after-broken" ? { backend: sovereignBackend } : {}), holdsOutside: [], consented: true } }) as unknown as ShardPlan;
const planByName = new Map<string, ShardPlan>();

async function run(): Promise<{ results: ShardResult[]; text: string }> {
  for (const s of shards) planByName.set(s.name, planOf(s.name));
  const lines: string[] = [];
  let t = Date.now();
  const results = await runShards(shards, {
    op: "up",
    parallel: 2,
    force: false,
    recordPath: runRecordPath(projectDir, STACK),
    stack: STACK,
    board: new ProgressBoard(plainSink((s) => lines.push(s)), Date.now, 1),
    clock: () => (t = Math.max(t, Date.now())),
    // As `clusterfleet up` does: the fleet's observed state gathered from the record, and the outputs
    // of predecessors on another backend, as config.
    runOne: async (name, onProgress, { observed }) => {
      const passed = await passedOutputsConfig(planOf(name), planByName, (s, backend) => readShardOutputs({ projectDir, stackName: `${STACK}.${s}`, backend, pulumiCommand, envVars: env }));
      return await runShardStack("up", { ...options(name), config: { plain: { ...withObserved(shardConfig.plain, observed), ...passed.plain }, secrets: { ...shardConfig.secrets, ...passed.secrets } } }, onProgress);
    },
  });
  const text = [...lines, renderRunSummary(`Update of ${STACK}`, results, (n) => (n === "reader" || n === "after-broken" ? 1 : 0))].join("\n");
  // The README's sample of a real run comes from here (see README, "Run the shards from your machine").
  if (process.env["CLUSTERFLEET_SAMPLE_DIR"]) writeFileSync(join(process.env["CLUSTERFLEET_SAMPLE_DIR"], `shard-runner-${ran.length}.txt`), `${text}\n`);
  return { results, text };
}

const statusOf = (results: readonly ShardResult[]) => Object.fromEntries(results.map((r) => [r.name, r.outcome.status]));

describe("the sharded runner on the real engine", () => {
  it("decrypts the fleet stack's secrets for the shards, and says what it needs when it cannot", async () => {
    shardConfig = await fleetStack();
    expect(shardConfig).toEqual({ plain: { [`${PROJECT}:greeting`]: "hello" }, secrets: { [`${PROJECT}:token`]: "s3cret-token-value" } });
    await expect(fleetSecrets(projectDir, "nowhere", ["shardtest:token"], { pulumiCommand, envVars: env })).rejects.toThrow(
      /the stack file of nowhere has secret config \(shardtest:token\); .* needs stack nowhere on the logged-in backend to decrypt them: /,
    );
  });

  it("runs shards in order with StackReferences between them, isolates a failure, and resumes", async () => {
    const first = await run();
    expect(statusOf(first.results), first.text).toEqual({ base: "succeeded", broken: "failed", reader: "succeeded", "after-broken": "skipped" });
    const broken = first.results.find((r) => r.name === "broken")!.outcome;
    expect(broken.status === "failed" && broken.message).toMatch(/^the broken shard fails on purpose \(log: \.clusterfleet\/logs\/fleet\/broken\.log\)$/);
    expect(first.results.find((r) => r.name === "after-broken")!.outcome).toEqual({ status: "skipped", reason: "after failed broken" });
    expect(ran.sort()).toEqual(["base", "broken", "reader"]);
    // Progress came from the engine's events: the component and the stack itself.
    expect(first.text).toMatch(/base: 1 resource done \(create 1\)/);

    // The reader saw the base's output through the StackReference, on the real backend.
    const reader = await LocalWorkspace.selectStack({ stackName: `${STACK}.reader`, projectName: PROJECT, program: async () => ({}) }, { workDir: projectDir, pulumiCommand, envVars: env });
    expect((await reader.outputs())["seen"]!.value).toBe("hello from base!");
    // The base's `observed` output went from its update's outputs into the run record, and from
    // there into the reader's stack config (structured YAML), read by the program as clusterfleet:observed.
    const record = JSON.parse(readFileSync(runRecordPath(projectDir, STACK), "utf8")) as { shards: Record<string, { observed?: unknown }> };
    expect(record.shards["base"]!.observed).toEqual({ clusters: { "base-cluster": { kubernetesVersion: "1.35" } } });
    expect((await reader.outputs())["given"]!.value).toEqual({ clusters: { "base-cluster": { kubernetesVersion: "1.35" } } });
    // The secret was set as a secret: its ciphertext in the shard's stack file, never its text.
    const stackFile = readFileSync(join(projectDir, "stacks", `Pulumi.${STACK}.base.yaml`), "utf8");
    expect(stackFile).toMatch(/shardtest:token:\n\s+secure: v1:/);
    expect(stackFile).not.toContain("s3cret-token-value");
    expect(stackFile).toMatch(/clusterfleet:shard: base/);
    expect(readFileSync(join(projectDir, ".clusterfleet/logs", STACK, "broken.log"), "utf8")).toMatch(/the broken shard fails on purpose/);

    // Rerun with the failure fixed: only the failed shard and the one it held back run.
    ran.length = 0;
    brokenFails = false;
    const second = await run();
    expect(statusOf(second.results), second.text).toEqual({ base: "unchanged", broken: "succeeded", reader: "unchanged", "after-broken": "succeeded" });
    expect(ran.sort()).toEqual(["after-broken", "broken"]);
    // after-broken's state is in its own backend, not the default one.
    const sovereignState = join(dir, "state-eu", ".pulumi", "stacks", PROJECT, `${STACK}.after-broken.json`);
    expect(existsSync(sovereignState)).toBe(true);
    expect(existsSync(join(dir, "state", ".pulumi", "stacks", PROJECT, `${STACK}.after-broken.json`))).toBe(false);
    // It read `broken`, on the other backend, from the config the runner passed (no StackReference
    // reaches across backends): the plain output as it is, the secret one still a secret, in its
    // stack file and in its state.
    const afterBroken = await LocalWorkspace.selectStack({ stackName: `${STACK}.after-broken`, projectName: PROJECT, program: async () => ({}) }, { workDir: projectDir, pulumiCommand, envVars: { ...env, PULUMI_BACKEND_URL: sovereignBackend } });
    const seen = await afterBroken.outputs();
    expect(seen["seen"]).toEqual({ value: "from broken", secret: false });
    expect(seen["seenSecret"]).toEqual({ value: "broken-secret-value", secret: true });
    const afterBrokenFile = readFileSync(join(projectDir, "stacks", `Pulumi.${STACK}.after-broken.yaml`), "utf8");
    expect(afterBrokenFile).toMatch(/clusterfleet:shardSecrets:\n\s+secure: v1:/);
    expect(afterBrokenFile).not.toContain("broken-secret-value");
    expect(readFileSync(sovereignState, "utf8")).not.toContain("broken-secret-value");
  });
});
