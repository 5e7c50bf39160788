// The KubeadmCluster command graph under recorded mocks: bootstrap order, removal order, upgrade
// order, stable names and inputs (re-running changes nothing; a version change re-runs only the
// upgrade steps), and where the outputs come from.
import { describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { observedFromPlan } from "../../../src/plan/observed.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import { baseFleet, NOW } from "../../fixtures/fleets.ts";
import { cmd, commands, COMPONENT, innerScript, planEuDc, render, transitiveDeps } from "./render.ts";

const CPS = ["cp-b", "cp-c"]; // joins, in order (cp-a runs kubeadm init: lowest name)
const WORKERS = ["w-1", "w-2"];
const short = (n: string) => n.replace(`${COMPONENT}-`, "");

describe("bootstrap order", async () => {
  const run = await render(planEuDc());

  it("is one component of type clusterfleet:kubeadm:KubeadmCluster holding every step", () => {
    const component = run.resources.find((r) => r.name === COMPONENT)!;
    expect(component.type).toBe(TOKENS.kubeadm);
    expect(run.resources.filter((r) => r.custom).every((r) => r.parent === COMPONENT)).toBe(true);
    expect(commands(run).map((r) => short(r.name)).sort()).toEqual(
      [
        "prepare-cp-a", "prepare-cp-b", "prepare-cp-c", "prepare-w-1", "prepare-w-2",
        "init-cp-a", "admit-cp-b", "join-cp-b", "admit-cp-c", "join-cp-c",
        "admit-w-1", "join-w-1", "drain-w-1", "admit-w-2", "join-w-2", "drain-w-2",
        "cni", "kubeconfig",
        "upgrade-cp-a", "upgrade-cp-b", "upgrade-cp-c",
        "upgrade-drain-w-1", "upgrade-w-1", "upgrade-uncordon-w-1", "upgrade-drain-w-2", "upgrade-w-2", "upgrade-uncordon-w-2",
      ].sort(),
    );
  });

  it("prepares every machine before it bootstraps", () => {
    for (const m of ["cp-a", ...CPS, ...WORKERS]) {
      const step = m === "cp-a" ? cmd(run, "init", m) : cmd(run, "join", m);
      expect(step.dependsOn, m).toContain(`${COMPONENT}-prepare-${m}`);
    }
  });

  it("runs kubeadm init before any join", () => {
    for (const m of [...CPS, ...WORKERS]) expect(transitiveDeps(run, cmd(run, "join", m)), m).toContain(`${COMPONENT}-init-cp-a`);
    expect(transitiveDeps(run, cmd(run, "init", "cp-a"))).toEqual(new Set([`${COMPONENT}-prepare-cp-a`, `${COMPONENT}-token-id`, `${COMPONENT}-token-secret`, `${COMPONENT}-certificate-key`]));
  });

  it("joins the control-plane machines one after another, each after its own credentials", () => {
    expect(cmd(run, "join", "cp-b").dependsOn).toEqual(expect.arrayContaining([`${COMPONENT}-init-cp-a`, `${COMPONENT}-admit-cp-b`]));
    expect(cmd(run, "join", "cp-c").dependsOn).toEqual(expect.arrayContaining([`${COMPONENT}-join-cp-b`, `${COMPONENT}-admit-cp-c`]));
    expect(cmd(run, "admit", "cp-c").dependsOn).toContain(`${COMPONENT}-join-cp-b`);
    expect(transitiveDeps(run, cmd(run, "join", "cp-b"))).not.toContain(`${COMPONENT}-join-cp-c`);
  });

  it("joins the workers after the last control-plane join, in parallel: none waits for another", () => {
    for (const w of WORKERS) {
      expect(cmd(run, "join", w).dependsOn, w).toContain(`${COMPONENT}-join-cp-c`);
      expect(cmd(run, "admit", w).dependsOn, w).toContain(`${COMPONENT}-join-cp-c`);
      const other = WORKERS.find((x) => x !== w)!;
      expect([...transitiveDeps(run, cmd(run, "join", w))].filter((d) => d.endsWith(`-${other}`)), w).toEqual([]);
    }
  });

  it("installs the CNI and reads the kubeconfig back after init, from the control-plane endpoint", () => {
    expect(cmd(run, "cni").dependsOn).toContain(`${COMPONENT}-init-cp-a`);
    expect(cmd(run, "kubeconfig").dependsOn).toContain(`${COMPONENT}-init-cp-a`);
    expect(innerScript(cmd(run, "cni").inputs["create"])).toContain("kubectl apply --server-side");
  });

  it("starts the upgrade chain only once every machine has joined", () => {
    const first = cmd(run, "upgrade", "cp-a");
    for (const m of [...CPS, ...WORKERS]) expect(first.dependsOn).toContain(`${COMPONENT}-join-${m}`);
  });
});

describe("removal order (Pulumi deletes dependents first)", async () => {
  const run = await render(planEuDc());

  it("drains a worker, then resets it, then deletes its Node", () => {
    for (const w of WORKERS) {
      // drain-<w> depends on join-<w>, which depends on admit-<w>: deleted in the reverse order.
      expect(cmd(run, "drain", w).dependsOn).toContain(`${COMPONENT}-join-${w}`);
      expect(cmd(run, "join", w).dependsOn).toContain(`${COMPONENT}-admit-${w}`);
      expect(innerScript(cmd(run, "drain", w).inputs["delete"])).toMatch(new RegExp(`kubectl drain ${w} --ignore-daemonsets`));
      expect(innerScript(cmd(run, "join", w).inputs["delete"])).toMatch(/kubeadm reset -f/);
      expect(innerScript(cmd(run, "admit", w).inputs["delete"])).toMatch(new RegExp(`kubectl delete node ${w} --ignore-not-found`));
    }
  });

  it("lets a control-plane machine drain itself, reset (leaving etcd) and delete its Node, the last joined first", () => {
    for (const m of ["cp-a", ...CPS]) {
      const del = innerScript(cmd(run, m === "cp-a" ? "init" : "join", m).inputs["delete"]);
      const order = [`drain ${m}`, "kubeadm reset -f", `delete node ${m}`].map((s) => del.indexOf(s));
      expect(order.every((i) => i > 0), m).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(cmd(run, "admit", m === "cp-a" ? "cp-b" : m).inputs["delete"]).toBeUndefined();
    }
  });

  it("stamps a new connection generation when the SSH key is rotated, so the replaced steps' deletes stand down", async () => {
    const rotated = await render(planEuDc(), "-----BEGIN OPENSSH PRIVATE KEY-----\nrotated\n-----END OPENSSH PRIVATE KEY-----\n");
    const checked = (r: { inputs: Record<string, unknown> }) => /bootstrap\.generation 2>\/dev\/null \|\| true\)" = "([0-9a-f]{16})"/.exec(innerScript(r.inputs["delete"]))?.[1];
    const stamped = (r: { inputs: Record<string, unknown> }) => /printf '%s\\n' "([0-9a-f]{16})" > \/etc\/kubernetes\/clusterfleet\/bootstrap\.generation/.exec(innerScript(r.inputs["create"]))?.[1];
    for (const [role, m] of [["init", "cp-a"], ["join", "cp-b"], ["join", "w-1"]] as const) {
      expect(checked(cmd(run, role, m)), m).toMatch(/^[0-9a-f]{16}$/);
      expect(stamped(cmd(run, role, m)), m).toBe(checked(cmd(run, role, m)));
      expect(stamped(cmd(rotated, role, m)), m).not.toBe(checked(cmd(run, role, m)));
    }
    const annotated = (r: { inputs: Record<string, unknown> }, f: string) => /admin-generation[=}'"\s]+([0-9a-f]{16})|= "([0-9a-f]{16})"/.exec(innerScript(r.inputs[f]))?.slice(1).find(Boolean);
    expect(annotated(cmd(run, "drain", "w-1"), "create")).toMatch(/^[0-9a-f]{16}$/);
    expect(annotated(cmd(run, "drain", "w-1"), "create")).toBe(annotated(cmd(run, "drain", "w-1"), "delete"));
    expect(annotated(cmd(run, "admit", "w-1"), "delete")).toBe(annotated(cmd(run, "drain", "w-1"), "create"));
    expect(annotated(cmd(rotated, "drain", "w-1"), "create")).not.toBe(annotated(cmd(run, "drain", "w-1"), "delete"));
  });

  it("removes exactly the machine that leaves the spec, changing no other step", async () => {
    const without = await render(planEuDc((s) => void (s.clusters[2].kubeadm.machines = s.clusters[2].kubeadm.machines.filter((m: { name: string }) => m.name !== "w-2"))));
    const gone = commands(run).map((r) => r.name).filter((n) => !without.resources.some((r) => r.name === n));
    expect(gone.map(short).sort()).toEqual(["admit-w-2", "drain-w-2", "join-w-2", "prepare-w-2", "upgrade-drain-w-2", "upgrade-uncordon-w-2", "upgrade-w-2"]);
    for (const r of commands(without)) expect(JSON.stringify(r.inputs), r.name).toBe(JSON.stringify(run.resources.find((x) => x.name === r.name)!.inputs));
  });
});

describe("re-running and upgrading", async () => {
  const first = planEuDc();
  const observed = observedFromPlan({ apiVersion: "clusterfleet.dev/v1alpha1", kind: "FleetPlan", fleet: "acme", clusters: [first], peerings: [], meshLinks: [], waves: [] });
  const created = await render(first);
  const again = await render(planEuDc(() => {}, observed));
  const upgraded = await render(planEuDc((s) => void (s.clusters[2].kubernetesVersion = "1.36"), observed));

  it("renders a bootstrapped cluster again with the same names and byte-identical inputs: pulumi up changes nothing", () => {
    expect(planEuDc(() => {}, observed).action).toBe("keep");
    expect(again.resources.map((r) => r.name)).toEqual(created.resources.map((r) => r.name));
    for (const r of again.resources) expect(JSON.stringify(r.inputs), r.name).toBe(JSON.stringify(created.resources.find((x) => x.name === r.name)!.inputs));
  });

  it("keeps the same resource names through an upgrade 1.35 → 1.36", () => {
    expect(planEuDc((s) => void (s.clusters[2].kubernetesVersion = "1.36"), observed)).toMatchObject({ action: "upgrade", currentVersion: "1.35", kubernetesVersion: "1.36" });
    expect(upgraded.resources.map((r) => r.name)).toEqual(created.resources.map((r) => r.name));
  });

  it("re-runs only the upgrade steps: every other step's inputs are unchanged, or changed only where it ignores changes", () => {
    const changed: string[] = [];
    for (const r of commands(upgraded)) {
      const before = created.resources.find((x) => x.name === r.name)!;
      const differing = Object.keys({ ...r.inputs, ...before.inputs }).filter((k) => JSON.stringify(r.inputs[k]) !== JSON.stringify(before.inputs[k]));
      if (differing.some((k) => !r.ignoreChanges.includes(k))) changed.push(short(r.name));
    }
    expect(changed.sort()).toEqual(["upgrade-cp-a", "upgrade-cp-b", "upgrade-cp-c", "upgrade-drain-w-1", "upgrade-drain-w-2", "upgrade-uncordon-w-1", "upgrade-uncordon-w-2", "upgrade-w-1", "upgrade-w-2"]);
    // What they ignore is the version they were bootstrapped with.
    expect(cmd(upgraded, "init", "cp-a").ignoreChanges).toEqual(["stdin"]);
    expect(cmd(upgraded, "prepare", "w-1").ignoreChanges).toEqual(["create"]);
  });

  it("triggers each upgrade step on the target patch, apply on the first control-plane machine, node on the others", () => {
    const patch = defaultCatalog.kubeadm.patches["1.36"]!;
    for (const r of commands(upgraded).filter((x) => short(x.name).startsWith("upgrade"))) expect(r.inputs["triggers"], r.name).toEqual([patch]);
    for (const r of commands(created).filter((x) => short(x.name).startsWith("upgrade"))) expect(r.inputs["triggers"], r.name).toEqual([defaultCatalog.kubeadm.patches["1.35"]]);
    const script = (m: string) => innerScript(cmd(upgraded, "upgrade", m).inputs["create"]);
    expect(script("cp-a")).toContain('kubeadm upgrade apply -y "v$TARGET"');
    expect(script("cp-a")).toContain(`TARGET=${patch}`);
    for (const m of CPS) expect(script(m)).toContain("kubeadm upgrade node");
    for (const m of CPS) expect(script(m)).not.toContain("upgrade apply");
    expect(script("w-1")).toMatch(/kubeadm upgrade node[\s\S]*k8s_install "\$TARGET" kubelet kubectl/);
    expect(script("cp-b")).toContain("k8s_repo 1.36");
  });

  it("orders the upgrade: first control-plane machine, the others one at a time, then each worker drained, upgraded, uncordoned", () => {
    const chain = ["upgrade-cp-a", "upgrade-cp-b", "upgrade-cp-c", "upgrade-drain-w-1", "upgrade-w-1", "upgrade-uncordon-w-1", "upgrade-drain-w-2", "upgrade-w-2", "upgrade-uncordon-w-2"];
    chain.slice(1).forEach((step, i) => expect(cmd(upgraded, step).dependsOn, step).toEqual([`${COMPONENT}-${chain[i]}`]));
    expect(innerScript(cmd(upgraded, "upgrade-drain", "w-1").inputs["create"])).toMatch(/kubectl drain w-1/);
    expect(innerScript(cmd(upgraded, "upgrade-uncordon", "w-1").inputs["create"])).toMatch(/kubectl uncordon w-1/);
  });

  it("holds a pool's workers at the pool's version while the control plane moves", async () => {
    const held = await render(planEuDc((s) => {
      s.clusters[2].kubernetesVersion = "1.36";
      s.clusters[2].nodePools[0].kubernetesVersion = "1.35";
    }, observed));
    expect(cmd(held, "upgrade", "cp-a").inputs["triggers"]).toEqual([defaultCatalog.kubeadm.patches["1.36"]]);
    expect(cmd(held, "upgrade", "w-1").inputs["triggers"]).toEqual([defaultCatalog.kubeadm.patches["1.35"]]);
    expect(JSON.stringify(cmd(held, "upgrade", "w-1").inputs)).toBe(JSON.stringify(cmd(created, "upgrade", "w-1").inputs));
  });
});

describe("outputs", async () => {
  const run = await render(planEuDc());

  it("reports the plan's versions once the upgrade steps have converged, and the endpoint URL", () => {
    expect(run.outputs["version"]).toBe("1.35");
    expect(run.outputs["pools"]).toEqual({ workers: "1.35" });
    expect(run.outputs["endpoint"]).toBe("https://10.16.112.10:6443");
  });

  it("feeds the Kubernetes provider the read-back kubeconfig, a secret, whose server is the VIP", async () => {
    const provider = run.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider.name).toBe(`${COMPONENT}-k8s`);
    const { secretText } = await import("./render.ts");
    const { parse } = await import("yaml");
    const kubeconfig = parse(secretText(provider.inputs["kubeconfig"])) as { clusters: { cluster: { server: string } }[]; users: { name: string }[] };
    expect(kubeconfig.clusters.map((c) => c.cluster.server)).toEqual(["https://10.16.112.10:6443"]);
    expect(kubeconfig.users[0]!.name).toBe("kubernetes-admin");
    // The provider waits for the pod network and every worker, through the kubeconfig it is given.
    expect(provider.dependsOn).toEqual(expect.arrayContaining([`${COMPONENT}-kubeconfig`, `${COMPONENT}-cni`, `${COMPONENT}-drain-w-1`, `${COMPONENT}-drain-w-2`]));
  });

  it("records the init machine and endpoint for the next run", () => {
    const plan = planFleet(baseFleet(), defaultCatalog, undefined, { now: NOW });
    expect(observedFromPlan(plan).clusters["eu-dc"]?.kubeadm).toEqual({ initMachine: "cp-a", controlPlaneEndpoint: "10.16.112.10:6443" });
  });
});
