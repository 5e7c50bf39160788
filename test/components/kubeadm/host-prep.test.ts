// Preparing a machine, run under dash against stubs (sandbox.ts): the pinned containerd 2.x from its
// release binaries, verified against the release's checksums, configured with the systemd cgroup
// driver in containerd 2.x's own format; hosts Kubernetes cannot run on refused before anything is
// changed; RHEL 9's curl-minimal left alone; no download through a pipe.
import { describe, expect, it } from "vitest";
import { CONTAINERD, CONTAINERD_CONFIG, CONTAINERD_CONFIG_PATH } from "../../../components/kubeadm/containerd.ts";
import { packageFunctions, prepareScript } from "../../../components/kubeadm/host-prep.ts";
import { script } from "../../../components/kubeadm/shell.ts";
import { workerUpgradeScript } from "../../../components/kubeadm/upgrade.ts";
import { planEuDc } from "./render.ts";
import { sandbox } from "./sandbox.ts";

const c = planEuDc();
const k = c.kubeadm!;
const w1 = k.machines.find((x) => x.name === "w-1")!;
const prepare = prepareScript(c.name, k, w1);
const downloads = (calls: string[]) => calls.filter((x) => x.startsWith("curl ") && x.includes(" -o ")).map((x) => x.split(" ").at(-1)!);

describe("containerd on a fresh machine", () => {
  it("installs the pinned containerd (static build) and runc, checked against their release checksums", () => {
    const box = sandbox();
    const r = box.run(prepare);
    expect(r).toMatchObject({ status: 0, stdout: `prepared: containerd v${CONTAINERD.version}, kubeadm v1.35.9\n` });
    expect(downloads(box.calls()).filter((u) => u.includes("containerd") || u.includes("runc"))).toEqual([
      `https://github.com/containerd/containerd/releases/download/v${CONTAINERD.version}/containerd-static-${CONTAINERD.version}-linux-amd64.tar.gz`,
      `https://github.com/containerd/containerd/releases/download/v${CONTAINERD.version}/containerd-static-${CONTAINERD.version}-linux-amd64.tar.gz.sha256sum`,
      `https://github.com/opencontainers/runc/releases/download/v${CONTAINERD.runc}/runc.amd64`,
      `https://github.com/opencontainers/runc/releases/download/v${CONTAINERD.runc}/runc.sha256sum`,
    ]);
    expect(box.file("/usr/local/sbin/runc")).toBe(`payload:https://github.com/opencontainers/runc/releases/download/v${CONTAINERD.runc}/runc.amd64`);
    expect(box.file("/etc/systemd/system/containerd.service")).toMatch(/^ExecStart=\/usr\/local\/bin\/containerd$/m);
    // No distribution containerd (Debian 12's is 1.6, below what Kubernetes 1.35 supports).
    expect(box.calls().filter((x) => x.startsWith("apt-get install")).join("\n")).not.toMatch(/containerd/);
  });

  // containerd/containerd docs/cri/config.md "Cgroup Driver", containerd 2.x: version 3, io.containerd.cri.v1.runtime.
  it("writes containerd 2.x's configuration whole, with the systemd cgroup driver under the v3 plugin path", () => {
    const box = sandbox();
    box.run(prepare);
    const config = box.file(CONTAINERD_CONFIG_PATH)!;
    expect(config).toBe(CONTAINERD_CONFIG);
    expect(config).toMatch(/^version = 3$/m);
    expect(config).toContain("[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n  SystemdCgroup = true");
    expect(config).not.toContain("io.containerd.grpc.v1.cri"); // containerd 1.x's path
  });

  it("refuses a download that does not match its checksum, installing nothing", () => {
    const box = sandbox();
    const r = box.run(prepare, { env: { STUB_TAMPERED: "1" } });
    expect(r.status).not.toBe(0);
    expect(box.calls().some((x) => x.startsWith("tar "))).toBe(false);
    expect(box.file("/usr/local/sbin/runc")).toBeUndefined();
  });

  // POSIX sh (dash) has no pipefail: in `curl | gpg` a failed download still wrote a keyring and went on.
  it("stops at a failed download instead of carrying on (no pipe hides curl's exit status)", () => {
    const box = sandbox();
    expect(box.run(prepare, { env: { STUB_DOWNLOAD_FAIL: "1" } }).status).not.toBe(0);
    const repo = script({ step: "repo", cluster: c.name }, `${packageFunctions(k, w1)}\nk8s_repo ${w1.kubernetesVersion}\nresult ok`);
    expect(box.run(repo, { env: { STUB_DOWNLOAD_FAIL: "1" } }).status).not.toBe(0);
    expect(box.file("/etc/apt/keyrings/kubernetes-apt-keyring.gpg")).toBeUndefined();
    expect(box.file("/etc/apt/sources.list.d/kubernetes.list")).toBeUndefined();
    const code = prepare.split("\n").filter((l) => !l.trim().startsWith("#"));
    expect(code.filter((l) => /curl [^|]*\| *[a-z]/.test(l))).toEqual([]); // a pipe, not the || of a fallback
  });

  it("changes nothing the second time", () => {
    const box = sandbox();
    box.run(prepare);
    const before = box.calls().length;
    expect(box.run(prepare).status).toBe(0);
    const again = box.calls().slice(before);
    expect(downloads(again).filter((u) => u.includes("containerd") || u.includes("runc"))).toEqual([]);
    expect(again).not.toContain("systemctl restart containerd");
  });
});

describe("hosts Kubernetes cannot run on are refused before anything changes", () => {
  // KEP-5573: from 1.35 the kubelet does not start on a cgroup v1 node; RHEL 8 boots cgroup v1.
  it("cgroup v1", () => {
    const box = sandbox({ cgroup: 1 });
    const r = box.run(prepare);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cgroup v1; Kubernetes 1\.35 and later need cgroup v2 \(KEP-5573\)/);
    expect(box.calls().filter((x) => !x.startsWith("systemctl is-active"))).toEqual([]);
  });

  it("a running firewalld", () => {
    const box = sandbox();
    const r = box.run(prepare, { env: { STUB_FIREWALLD: "1" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/firewalld is running: .*6443.*systemctl disable --now firewalld/);
    expect(box.calls().some((x) => x.startsWith("swapoff") || x.startsWith("apt-get"))).toBe(false);
  });
});

describe("RHEL 9", () => {
  // RHEL 9 installs curl-minimal, which provides curl; `dnf install curl` conflicts with it.
  it("keeps curl-minimal: no curl package is installed when curl is there", () => {
    const box = sandbox({ os: "el9" });
    const r = box.run(prepare);
    expect(r.status).toBe(0);
    const dnf = box.calls().filter((x) => x.startsWith("dnf install"));
    expect(dnf[0]).toBe("dnf install -y ca-certificates gnupg2 openssl tar");
    expect(dnf.some((x) => / curl( |$)/.test(x))).toBe(false);
    expect(box.file(CONTAINERD_CONFIG_PATH)).toBe(CONTAINERD_CONFIG);
  });
});

describe("containerd on a machine already in the cluster", () => {
  it("is left to the upgrade step by prepare, and replaced there while the node is drained", () => {
    const box = sandbox({ containerd: "1.6.20" });
    box.write("/etc/kubernetes/kubelet.conf", "");
    box.run(prepare);
    expect(box.calls().some((x) => x.startsWith("tar "))).toBe(false);
    const upgraded = sandbox({ containerd: "1.6.20", kubelet: "1.34.6" });
    const w = { ...w1, kubernetesPatch: "1.35.9" };
    expect(upgraded.run(workerUpgradeScript(c.name, k, w)).status).toBe(0);
    const calls = upgraded.calls();
    const at = (p: string) => calls.findIndex((x) => x.startsWith(p));
    expect(at("tar ")).toBeGreaterThan(at("kubeadm upgrade node"));
    expect(at("tar ")).toBeLessThan(calls.findIndex((x) => x.startsWith("apt-get install") && x.includes("kubelet=")));
    expect(upgraded.file("/usr/local/bin/containerd")).toContain(`v${CONTAINERD.version}`);
  });
});
