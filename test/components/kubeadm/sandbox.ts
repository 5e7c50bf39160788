// Runs a rendered script under dash in a scratch directory, with the machine's paths moved into it
// and kubeadm, kubectl, kubelet, the package managers and systemctl replaced by stubs that record
// their calls and keep a little state (admin.conf, kubelet.conf, the kubelet's version, the API
// server manifest; like kubeadm, a failed init or join leaves admin.conf or kubelet.conf behind). What this proves is the shell's own behaviour (guards, ordering, stdin files,
// generation checks, what reaches stdout and stderr); what kubeadm does is for a real machine.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MOVED = [
  "/etc/kubernetes",
  "/etc/cni",
  "/etc/apt",
  "/etc/yum.repos.d",
  "/var/log/clusterfleet",
  "/run/clusterfleet-removal.kubeconfig",
  "/etc/containerd",
  "/etc/systemd/system",
  "/etc/fstab",
  "/etc/modules-load.d",
  "/etc/sysctl.d",
  "/etc/selinux",
  "/usr/local",
  "/sys/fs/cgroup",
];

/** A containerd binary that reports `version` (what the release archive's stub unpacks). */
const containerdStub = (version: string) => `#!/bin/sh\necho "containerd github.com/containerd/containerd/v2 v${version} 0123abcd"\n`;

const STUBS: Record<string, string> = {
  kubeadm: `case "$1" in
  init) touch "$ROOT/etc/kubernetes/admin.conf"
        [ -z "$STUB_FAIL" ] || { echo "[init] join with --token abcdef.0123456789abcdef"; echo "[init] the control plane did not come up"; exit 1; }
        cp "$3" "$ROOT/seen-init-config.yaml"; touch "$ROOT/cluster-initialised" ;;
  join) cp "$3" "$ROOT/seen-join-config.yaml"; touch "$ROOT/etc/kubernetes/kubelet.conf"
        grep -q '^controlPlane:' "$3" && touch "$ROOT/etc/kubernetes/admin.conf"
        [ -z "$STUB_FAIL" ] || { echo "[kubelet-start] timed out waiting for the TLS bootstrap"; exit 1; }
        touch "$ROOT/node-registered" ;;
  reset) rm -f "$ROOT/etc/kubernetes/admin.conf" "$ROOT/etc/kubernetes/kubelet.conf" "$ROOT/node-registered" "$ROOT"/etc/kubernetes/manifests/* ;;
  version) echo "v$(cat "$ROOT/kubeadm.version")" ;;
  token) [ "$2" = list ] && printf 'TOKEN TTL EXPIRES\\n%s 1h 2026-11-21T01:00:00Z\\n' "$STUB_LISTED_TOKEN" ;;
  upgrade) sed -i "s/kube-apiserver:v.*/kube-apiserver:v$(cat "$ROOT/kubeadm.version")/" "$ROOT/etc/kubernetes/manifests/kube-apiserver.yaml" ;;
esac`,
  kubectl: `case "$*" in
  *annotations*) if [ -f "$ROOT/annotation" ]; then cat "$ROOT/annotation"; else printf '%s' "$STUB_ANNOTATION"; fi ;;
  annotate*--overwrite*) for a in "$@"; do v=$a; done; printf '%s' "\${v#*=}" > "$ROOT/annotation" ;;
  annotate*-) rm -f "$ROOT/annotation" ;;
  *kubeletVersion*) printf 'v%s' "$(cat "$ROOT/kubelet.version")" ;;
  *"get configmap kubeadm-config"*|*"get deployment coredns"*) [ -f "$ROOT/cluster-initialised" ] || exit 1 ;;
  *"get node"*) [ -f "$ROOT/node-registered" ] || exit 1; echo "node/registered" ;;
esac`,
  kubelet: `echo "Kubernetes v$(cat "$ROOT/kubelet.version")"`,
  // Downloads (-o FILE URL) write "payload:URL" (or "tampered" with STUB_TAMPERED); a .sha256sum file holds the real
  // sha256 of its archive's payload, in the release's format, so sha256sum -c runs for real.
  curl: `case "$*" in *http_code*) printf '%s' "\${STUB_HTTP_CODE:-000}"; exit 0 ;; esac
out=""; url=""; prev=""
for a in "$@"; do [ "$prev" = -o ] && out=$a; prev=$a; url=$a; done
[ -n "$out" ] || exit 0
[ -z "$STUB_DOWNLOAD_FAIL" ] || exit 22
case "$url" in
  */runc.sha256sum) d=\${url%/runc.sha256sum}; for arch in amd64 arm64; do printf 'payload:%s/runc.%s' "$d" "$arch" | sha256sum | sed "s/ .*/  runc.$arch/"; done > "$out" ;;
  *.sha256sum) b=\${url%.sha256sum}; printf 'payload:%s' "$b" | sha256sum | sed "s|  *-\\$|  \${b##*/}|" > "$out" ;;
  *) if [ -n "$STUB_TAMPERED" ]; then printf tampered > "$out"; else printf 'payload:%s' "$url" > "$out"; fi ;;
esac`,
  tar: `for a in "$@"; do case "$a" in *containerd-static-*) v=\${a##*containerd-static-}; v=\${v%%-linux-*} ;; esac; done
mkdir -p "$ROOT/usr/local/bin"; { echo '#!/bin/sh'; echo "echo 'containerd github.com/containerd/containerd/v2 v$v 0123abcd'"; } > "$ROOT/usr/local/bin/containerd"; chmod 0755 "$ROOT/usr/local/bin/containerd"`,
  swapoff: "",
  modprobe: "",
  sysctl: "",
  dnf: "",
  openssl: `case "$1" in dgst) echo "SHA2-256(stdin)= 0123abcd" ;; esac`,
  "apt-get": `for a in "$@"; do case "$a" in kubeadm=*) echo "\${a#kubeadm=}" | sed 's/-\\*$//' > "$ROOT/kubeadm.version" ;; kubelet=*) echo "\${a#kubelet=}" | sed 's/-\\*$//' > "$ROOT/kubelet.version" ;; esac; done`,
  "apt-mark": "",
  gpg: `out=""; in=""; while [ $# -gt 0 ]; do case "$1" in -o) out=$2; shift ;; -*) ;; *) in=$1 ;; esac; shift; done; cat "\${in:--}" > "\${out:-/dev/null}"`,
  systemctl: `case "$*" in
  "is-active --quiet firewalld") [ -n "$STUB_FIREWALLD" ] || exit 3 ;;
  "is-active --quiet containerd") [ -f "$ROOT/containerd.active" ] || exit 3 ;;
  "enable --now containerd") touch "$ROOT/containerd.active" ;;
esac`,
};

/** Real tools a script may use; in a machine without apt (os: "el9") PATH holds only these and the stubs. */
const TOOLS = ["sh", "dash", "cat", "sed", "awk", "grep", "install", "mkdir", "rm", "mv", "chmod", "cmp", "mktemp", "sha256sum", "tail", "date", "hostname", "dirname", "id", "touch", "cp", "uname", "tr", "head", "ls"];

export interface Sandbox {
  readonly root: string;
  /** Runs the script (as a machine would: the inner script of asRoot), stdin given. */
  run(script: string, opts?: { stdin?: string; env?: Record<string, string> }): { status: number; stdout: string; stderr: string };
  /** Calls the stubs recorded, in order, e.g. ["kubeadm init --config … --upload-certs"]. */
  calls(): string[];
  file(path: string): string | undefined;
  write(path: string, content: string): void;
}

export interface MachineState {
  readonly kubelet?: string;
  readonly kubeadm?: string;
  /** The containerd installed in /usr/local/bin, if any. */
  readonly containerd?: string;
  /** debian (apt, the default) or el9 (dnf, curl-minimal: no apt-get on PATH). */
  readonly os?: "debian" | "el9";
  /** cgroup v2 (the default) or v1. */
  readonly cgroup?: 1 | 2;
}

export function sandbox(state: MachineState = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "clusterfleet-machine-"));
  const bin = join(root, "bin");
  mkdirSync(bin);
  mkdirSync(join(root, "etc/kubernetes/manifests"), { recursive: true });
  mkdirSync(join(root, "run"));
  for (const d of ["etc/modules-load.d", "etc/sysctl.d", "etc/systemd/system", "etc/selinux", "sys/fs/cgroup"]) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, "etc/fstab"), "/dev/sda2 none swap sw 0 0\n");
  if ((state.cgroup ?? 2) === 2) writeFileSync(join(root, "sys/fs/cgroup/cgroup.controllers"), "cpuset cpu io memory pids\n");
  if (state.containerd) {
    mkdirSync(join(root, "usr/local/bin"), { recursive: true });
    writeFileSync(join(root, "usr/local/bin/containerd"), containerdStub(state.containerd));
    chmodSync(join(root, "usr/local/bin/containerd"), 0o755);
  }
  const el = state.os === "el9";
  const tools = join(root, "tools");
  if (el) {
    mkdirSync(tools);
    for (const t of TOOLS) for (const dir of ["/usr/bin", "/bin"]) if (existsSync(join(dir, t)) && !existsSync(join(tools, t))) symlinkSync(join(dir, t), join(tools, t));
  }
  writeFileSync(join(root, "kubelet.version"), `${state.kubelet ?? "1.35.9"}\n`);
  writeFileSync(join(root, "kubeadm.version"), `${state.kubeadm ?? state.kubelet ?? "1.35.9"}\n`);
  for (const [name, body] of Object.entries(STUBS)) {
    if (el && ["apt-get", "apt-mark", "gpg"].includes(name)) continue;
    if (!el && name === "dnf") continue;
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "$ROOT/calls.log"\n${body}\nexit 0\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const local = (p: string) => MOVED.reduce((s, m) => s.replaceAll(m, `${root}${m}`), p);
  return {
    root,
    run(script, opts = {}) {
      const r = spawnSync("dash", ["-c", local(script)], {
        input: opts.stdin ?? "",
        env: { PATH: el ? `${bin}:${tools}` : `${bin}:/usr/bin:/bin`, ROOT: root, ...opts.env },
        encoding: "utf8",
      });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    calls: () => (existsSync(join(root, "calls.log")) ? readFileSync(join(root, "calls.log"), "utf8").trim().split("\n").map((l) => l.replaceAll(root, "")) : []),
    // Contents as the machine would have them (paths moved back).
    file: (p) => (existsSync(local(p)) ? readFileSync(local(p), "utf8").replaceAll(root, "") : undefined),
    write: (p, content) => {
      mkdirSync(join(local(p), ".."), { recursive: true });
      writeFileSync(local(p), content);
    },
  };
}
