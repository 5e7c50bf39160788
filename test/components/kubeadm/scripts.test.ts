// The scripts as a machine runs them: valid POSIX sh, and run under dash against stubbed kubeadm,
// kubectl and package managers, they check before they act (a second run does nothing), stand
// down when a replacement owns the machine, refuse to create a second cluster, and keep
// secret-shaped lines out of what they print.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { admitScript, FILES, initScript, joinScript, STEP_DONE } from "../../../components/kubeadm/bootstrap-scripts.ts";
import { initDocuments, joinConfiguration, toYaml } from "../../../components/kubeadm/kubeadm-config.ts";
import { kubeVipManifest } from "../../../components/kubeadm/kube-vip.ts";
import { drainScript, resetScript } from "../../../components/kubeadm/removal.ts";
import { bundle } from "../../../components/kubeadm/shell.ts";
import { controlPlaneUpgradeScript, workerUpgradeScript } from "../../../components/kubeadm/upgrade.ts";
import { commands, innerScript, planEuDc, render } from "./render.ts";
import { sandbox } from "./sandbox.ts";

const c = planEuDc();
const k = c.kubeadm!;
const m = (name: string) => k.machines.find((x) => x.name === name)!;
const SECRETS = { token: "abcdef.0123456789abcdef", certificateKey: "f".repeat(64) };
const initStdin = bundle({
  [FILES.init]: toYaml(initDocuments(c, k, m("cp-a"), SECRETS)),
  [FILES.kubeVipInit]: kubeVipManifest(k, "/etc/kubernetes/super-admin.conf"),
  [FILES.kubeVip]: kubeVipManifest(k),
});
const joinStdin = (name: string) => bundle({ [FILES.join]: toYaml([joinConfiguration(k, m(name), SECRETS, "sha256:00")]), [FILES.kubeVip]: kubeVipManifest(k) });

describe("every rendered script", async () => {
  const run = await render(c);
  const scripts = commands(run).flatMap((r) => (["create", "delete"] as const).filter((f) => typeof r.inputs[f] === "string").map((f) => [`${r.name} ${f}`, r.inputs[f] as string] as const));

  it.each(scripts)("%s parses as POSIX sh (dash -n), inside and out", (_, line) => {
    for (const text of [line, innerScript(line)]) {
      const r = spawnSync("dash", ["-n"], { input: text, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
  });
});

describe("kubeadm init on the init machine", () => {
  it("unpacks its configuration from stdin, places kube-vip, initialises, then switches kube-vip to admin.conf", () => {
    const box = sandbox();
    const r = box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin });
    expect(r).toMatchObject({ status: 0, stdout: expect.stringMatching(/^cp-a: initialised v1\.35\.9\n$/), stderr: "" });
    expect(box.calls().filter((x) => x.startsWith("kubeadm init"))).toEqual(["kubeadm init --config /etc/kubernetes/clusterfleet/staging/kubeadm-init.yaml --upload-certs"]);
    expect(box.file("/etc/kubernetes/manifests/kube-vip.yaml")).toBe(kubeVipManifest(k));
    expect(box.file("/etc/kubernetes/clusterfleet/staging/kubeadm-init.yaml")).toBeUndefined();
    expect(box.file("/etc/kubernetes/clusterfleet/bootstrap.generation")).toBe("gen-1\n");
  });

  it("hands kubeadm exactly the documents it was given on stdin", () => {
    const box = sandbox();
    box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin });
    expect(readFileSync(`${box.root}/seen-init-config.yaml`, "utf8")).toBe(toYaml(initDocuments(c, k, m("cp-a"), SECRETS)));
  });

  it("does nothing the second time: pulumi up on an initialised machine changes nothing", () => {
    const box = sandbox();
    box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin });
    const again = box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin });
    expect(again).toMatchObject({ status: 0, stdout: "cp-a: already initialised\n" });
    expect(box.calls().filter((x) => x.startsWith("kubeadm init"))).toHaveLength(1);
  });

  it("refuses to initialise a second cluster when the endpoint already answers", () => {
    const box = sandbox();
    const r = box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin, env: { STUB_HTTP_CODE: "401" } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/https:\/\/10\.16\.112\.10:6443 already answers \(HTTP 401\).*refusing kubeadm init/);
    expect(box.calls().some((x) => x.startsWith("kubeadm init"))).toBe(false);
  });

  it("reports a failure with the log's tail on stderr, secret-shaped lines removed", () => {
    const box = sandbox();
    const r = box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin, env: { STUB_FAIL: "1" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/clusterfleet: init cp-a failed \(exit 1\)/);
    expect(r.stderr).toMatch(/the control plane did not come up/);
    expect(r.stderr).not.toContain("abcdef.0123456789abcdef");
    expect(r.stdout).toBe("");
  });
});

describe("kubeadm join", () => {
  it("joins once; a second run does nothing", () => {
    const box = sandbox();
    expect(box.run(joinScript(c, k, m("w-1"), "g"), { stdin: joinStdin("w-1") })).toMatchObject({ status: 0, stdout: "w-1: joined\n" });
    expect(box.run(joinScript(c, k, m("w-1"), "g"), { stdin: joinStdin("w-1") })).toMatchObject({ status: 0, stdout: "w-1: already joined\n" });
    expect(box.calls().filter((x) => x.startsWith("kubeadm join"))).toEqual(["kubeadm join --config /etc/kubernetes/clusterfleet/staging/kubeadm-join.yaml"]);
    expect(box.file("/etc/kubernetes/manifests/kube-vip.yaml")).toBeUndefined();
  });

  it("places kube-vip on a control-plane machine after it has joined (join wants an empty manifests directory)", () => {
    const box = sandbox();
    expect(box.run(joinScript(c, k, m("cp-b"), "g"), { stdin: joinStdin("cp-b") }).status).toBe(0);
    expect(box.file("/etc/kubernetes/manifests/kube-vip.yaml")).toBe(kubeVipManifest(k));
  });
});

describe("removal", () => {
  it("resets the machine the step bootstrapped, and only that one", () => {
    const box = sandbox();
    box.run(joinScript(c, k, m("w-1"), "gen-old"), { stdin: joinStdin("w-1") });
    // A rotated SSH key replaces the step: the new one stamps its generation before the old one's delete runs.
    box.run(joinScript(c, k, m("w-1"), "gen-new"), { stdin: joinStdin("w-1") });
    expect(box.run(resetScript(c.name, m("w-1"), "gen-old"))).toMatchObject({ status: 0, stdout: expect.stringMatching(/not reset; it was bootstrapped by another generation/) });
    expect(box.calls().some((x) => x.startsWith("kubeadm reset"))).toBe(false);
    expect(box.file("/etc/kubernetes/kubelet.conf")).toBeDefined();
    // Removing the machine from the spec runs the current step's delete.
    expect(box.run(resetScript(c.name, m("w-1"), "gen-new"))).toMatchObject({ status: 0, stdout: "w-1: reset\n" });
    expect(box.calls().filter((x) => x.startsWith("kubeadm reset"))).toEqual(["kubeadm reset -f"]);
    expect(box.file("/etc/kubernetes/clusterfleet/bootstrap.generation")).toBeUndefined();
  });

  it("drains a control-plane machine before its reset and deletes its Node after", () => {
    const box = sandbox();
    box.run(joinScript(c, k, m("cp-b"), "g"), { stdin: joinStdin("cp-b") });
    expect(box.run(resetScript(c.name, m("cp-b"), "g")).status).toBe(0);
    const calls = box.calls().filter((x) => /^(kubectl|kubeadm) (drain|reset|delete|--kubeconfig)/.test(x));
    expect(calls).toEqual([
      "kubectl --kubeconfig /run/clusterfleet-removal.kubeconfig drain cp-b --ignore-daemonsets --delete-emptydir-data --timeout=15m",
      "kubeadm reset -f",
      "kubectl --kubeconfig /run/clusterfleet-removal.kubeconfig delete node cp-b --ignore-not-found --request-timeout=10s",
    ]);
  });

  it("drains a worker only if the Node carries the step's admin generation", () => {
    const box = sandbox();
    expect(box.run(drainScript(c.name, m("w-2"), "adm-1"), { env: { STUB_ANNOTATION: "adm-2" } }).stdout).toMatch(/not drained/);
    expect(box.calls().some((x) => x.includes(" drain "))).toBe(false);
    expect(box.run(drainScript(c.name, m("w-2"), "adm-1"), { env: { STUB_ANNOTATION: "adm-1" } }).stdout).toBe("w-2: drained\n");
    expect(box.calls().filter((x) => x.startsWith("kubectl drain"))).toEqual(["kubectl drain w-2 --ignore-daemonsets --delete-emptydir-data --timeout=15m"]);
  });
});

describe("join credentials", () => {
  it("creates the bootstrap token when it is missing, uploads control-plane certificates, prints the CA hash", () => {
    const box = sandbox();
    const r = box.run(admitScript(c.name, m("cp-b")), { stdin: `${SECRETS.token}\n${SECRETS.certificateKey}\n` });
    expect(r).toMatchObject({ status: 0, stdout: "sha256:0123abcd\n" });
    expect(box.calls().filter((x) => x.startsWith("kubeadm token create") || x.startsWith("kubeadm init phase"))).toEqual([
      `kubeadm token create ${SECRETS.token} --ttl 2h0m0s --description ClusterFleet: join cp-b`,
      `kubeadm init phase upload-certs --upload-certs --certificate-key ${SECRETS.certificateKey}`,
    ]);
  });

  it("leaves an existing token alone and uploads nothing for a worker", () => {
    const box = sandbox();
    box.run(admitScript(c.name, m("w-1")), { stdin: `${SECRETS.token}\n${SECRETS.certificateKey}\n`, env: { STUB_LISTED_TOKEN: SECRETS.token } });
    expect(box.calls().filter((x) => x.startsWith("kubeadm token create") || x.startsWith("kubeadm init"))).toEqual([]);
  });
});

describe("upgrades", () => {
  const upgraded = planEuDc((s) => void (s.clusters[2].kubernetesVersion = "1.36"), { clusters: { "eu-dc": { kubernetesVersion: "1.35", kubeadm: { initMachine: "cp-a", controlPlaneEndpoint: "10.16.112.10:6443" } } } });
  const uk = upgraded.kubeadm!;
  const um = (name: string) => uk.machines.find((x) => x.name === name)!;
  const apiserver = (v: string) => `spec:\n  containers:\n  - image: registry.k8s.io/kube-apiserver:v${v}\n`;

  it("on the first control-plane machine: kubeadm, upgrade apply, drain, kubelet and kubectl, uncordon", () => {
    const box = sandbox({ kubelet: "1.35.9" });
    box.write("/etc/kubernetes/manifests/kube-apiserver.yaml", apiserver("1.35.9"));
    const r = box.run(controlPlaneUpgradeScript(c.name, uk, um("cp-a"), true));
    expect(r).toMatchObject({ status: 0, stderr: expect.stringMatching(/not Ready yet|^$/) });
    const steps = box.calls().filter((x) => /^(kubeadm upgrade|kubectl (drain|uncordon|annotate)|apt-get install)/.test(x));
    expect(steps).toEqual([
      "apt-get install -y -q --allow-downgrades --allow-change-held-packages kubeadm=1.36.4-*",
      "kubeadm upgrade apply -y v1.36.4",
      "kubectl annotate node cp-a --overwrite clusterfleet.dev/upgrade-drained=1.36.4",
      "kubectl drain cp-a --ignore-daemonsets --delete-emptydir-data --timeout=15m",
      "apt-get install -y -q --allow-downgrades --allow-change-held-packages kubelet=1.36.4-* kubectl=1.36.4-*",
      "kubectl uncordon cp-a",
      "kubectl annotate node cp-a clusterfleet.dev/upgrade-drained-",
    ]);
    expect(box.file("/etc/apt/sources.list.d/kubernetes.list")).toMatch(/pkgs\.k8s\.io\/core:\/stable:\/v1\.36\/deb\//);
    expect(box.file("/etc/kubernetes/manifests/kube-vip.yaml")).toBe(kubeVipManifest(uk));
  });

  it("does nothing on a machine already at the target (apart from keeping kube-vip as planned)", () => {
    const box = sandbox({ kubelet: "1.36.4" });
    box.write("/etc/kubernetes/manifests/kube-apiserver.yaml", apiserver("1.36.4"));
    expect(box.run(controlPlaneUpgradeScript(c.name, uk, um("cp-b"), false)).status).toBe(0);
    expect(box.calls().filter((x) => /^(kubeadm upgrade|kubectl drain|apt-get install)/.test(x))).toEqual([]);
  });

  it("uncordons a machine an interrupted run left drained, though its versions are at the target already", () => {
    const box = sandbox({ kubelet: "1.36.4" });
    box.write("/etc/kubernetes/manifests/kube-apiserver.yaml", apiserver("1.36.4"));
    writeFileSync(`${box.root}/annotation`, "1.36.4");
    expect(box.run(controlPlaneUpgradeScript(c.name, uk, um("cp-c"), false)).status).toBe(0);
    expect(box.calls().filter((x) => /^kubectl (drain|uncordon)/.test(x))).toEqual(["kubectl uncordon cp-c"]);
  });

  it("on a worker: kubeadm, upgrade node, kubelet and kubectl; not twice", () => {
    const box = sandbox({ kubelet: "1.35.9" });
    box.run(workerUpgradeScript(c.name, uk, um("w-1")));
    box.run(workerUpgradeScript(c.name, uk, um("w-1")));
    expect(box.calls().filter((x) => /^(kubeadm upgrade|apt-get install)/.test(x))).toEqual([
      "apt-get install -y -q --allow-downgrades --allow-change-held-packages kubeadm=1.36.4-*",
      "kubeadm upgrade node",
      "apt-get install -y -q --allow-downgrades --allow-change-held-packages kubelet=1.36.4-* kubectl=1.36.4-*",
    ]);
  });
});

// kubeadm writes admin.conf (init) and kubelet.conf (join) early in its workflow
// (kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-init/#init-workflow), so after a failure
// they prove nothing: only the marker written as the step's last act does.
describe("a rerun after a failed init or join", () => {
  it("init: resets the unfinished attempt and initialises again, instead of reporting success", () => {
    const box = sandbox();
    expect(box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin, env: { STUB_FAIL: "1" } }).status).toBe(1);
    expect(box.file("/etc/kubernetes/admin.conf")).toBeDefined(); // what the old check took for success
    expect(box.file(STEP_DONE.init)).toBeUndefined();
    const again = box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin });
    expect(again).toMatchObject({ status: 0, stdout: expect.stringMatching(/^cp-a: initialised/) });
    expect(box.calls().filter((x) => /^kubeadm (init|reset)/.test(x)).map((x) => x.split(" ").slice(0, 2).join(" "))).toEqual(["kubeadm init", "kubeadm reset", "kubeadm init"]);
    expect(box.file(STEP_DONE.init)).toBeDefined();
  });

  it("join: resets the unfinished attempt and joins again; a finished join is left alone", () => {
    const box = sandbox();
    expect(box.run(joinScript(c, k, m("w-1"), "g"), { stdin: joinStdin("w-1"), env: { STUB_FAIL: "1" } }).status).toBe(1);
    expect(box.file("/etc/kubernetes/kubelet.conf")).toBeDefined();
    expect(box.run(joinScript(c, k, m("w-1"), "g"), { stdin: joinStdin("w-1") })).toMatchObject({ status: 0, stdout: "w-1: joined\n" });
    expect(box.run(joinScript(c, k, m("w-1"), "g"), { stdin: joinStdin("w-1") })).toMatchObject({ status: 0, stdout: "w-1: already joined\n" });
    expect(box.calls().filter((x) => /^kubeadm (join|reset)/.test(x)).map((x) => x.split(" ").slice(0, 2).join(" "))).toEqual(["kubeadm join", "kubeadm reset", "kubeadm join"]);
  });

  it("adopts a machine bootstrapped before the markers existed only when the cluster shows the step finished", () => {
    const box = sandbox();
    box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin });
    rmSync(`${box.root}${STEP_DONE.init}`); // as an older release left the machine: admin.conf, no marker
    expect(box.run(initScript(c, k, m("cp-a"), "gen-1"), { stdin: initStdin })).toMatchObject({ status: 0, stdout: "cp-a: already initialised\n" });
    expect(box.calls().filter((x) => x.startsWith("kubeadm reset"))).toEqual([]);
    expect(box.file(STEP_DONE.init)).toBeDefined();
  });

  it("the machine's removal deletes the markers with the rest of its state", () => {
    const box = sandbox();
    box.run(joinScript(c, k, m("w-1"), "g"), { stdin: joinStdin("w-1") });
    expect(box.run(resetScript(c.name, m("w-1"), "g")).status).toBe(0);
    expect(box.file(STEP_DONE.join)).toBeUndefined();
  });
});
