// Runs a rendered script under dash in a scratch directory, with the machine's paths moved into it
// and kubeadm, kubectl, kubelet, the package managers and systemctl replaced by stubs that record
// their calls and keep a little state (admin.conf, kubelet.conf, the kubelet's version, the API
// server manifest; like kubeadm, a failed init or join leaves admin.conf or kubelet.conf behind). What this proves is the shell's own behaviour (guards, ordering, stdin files,
// generation checks, what reaches stdout and stderr); what kubeadm does is for a real machine.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MOVED = ["/etc/kubernetes", "/etc/cni", "/etc/apt", "/etc/yum.repos.d", "/var/log/clusterfleet", "/run/clusterfleet-removal.kubeconfig"];

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
  curl: `case "$*" in *http_code*) printf '%s' "\${STUB_HTTP_CODE:-000}" ;; esac`,
  openssl: `case "$1" in dgst) echo "SHA2-256(stdin)= 0123abcd" ;; esac`,
  "apt-get": `for a in "$@"; do case "$a" in kubeadm=*) echo "\${a#kubeadm=}" | sed 's/-\\*$//' > "$ROOT/kubeadm.version" ;; kubelet=*) echo "\${a#kubelet=}" | sed 's/-\\*$//' > "$ROOT/kubelet.version" ;; esac; done`,
  "apt-mark": "",
  gpg: `out=""; while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done; cat > "\${out:-/dev/null}"`,
  systemctl: "",
};

export interface Sandbox {
  readonly root: string;
  /** Runs the script (as a machine would: the inner script of asRoot), stdin given. */
  run(script: string, opts?: { stdin?: string; env?: Record<string, string> }): { status: number; stdout: string; stderr: string };
  /** Calls the stubs recorded, in order, e.g. ["kubeadm init --config … --upload-certs"]. */
  calls(): string[];
  file(path: string): string | undefined;
  write(path: string, content: string): void;
}

export function sandbox(state: { kubelet?: string; kubeadm?: string } = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "clusterfleet-machine-"));
  const bin = join(root, "bin");
  mkdirSync(bin);
  mkdirSync(join(root, "etc/kubernetes/manifests"), { recursive: true });
  mkdirSync(join(root, "run"));
  writeFileSync(join(root, "kubelet.version"), `${state.kubelet ?? "1.35.9"}\n`);
  writeFileSync(join(root, "kubeadm.version"), `${state.kubeadm ?? state.kubelet ?? "1.35.9"}\n`);
  for (const [name, body] of Object.entries(STUBS)) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "$ROOT/calls.log"\n${body}\nexit 0\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const local = (p: string) => MOVED.reduce((s, m) => s.replaceAll(m, `${root}${m}`), p);
  return {
    root,
    run(script, opts = {}) {
      const r = spawnSync("dash", ["-c", local(script)], {
        input: opts.stdin ?? "",
        env: { PATH: `${bin}:/usr/bin:/bin`, ROOT: root, ...opts.env },
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
