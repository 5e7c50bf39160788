// How ClusterFleet's scripts run on a machine: as root (directly or through passwordless sudo),
// POSIX sh, logging to a root-only file, with only a result line on stdout. Secrets never appear
// in a script: they arrive on stdin, which is a Pulumi secret input.

/** POSIX single-quoting: the string as one shell word, nothing expanded. */
export const shq = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * The command line a remote.Command runs in the SSH user's login shell: the script as root,
 * through `sudo -n` unless the user is root. stdin passes through to the script.
 */
export function asRoot(script: string): string {
  const runner = 'if [ "$(id -u)" -eq 0 ]; then exec /bin/sh -c "$0"; fi; exec sudo -n /bin/sh -c "$0"';
  return `/bin/sh -c ${shq(runner)} ${shq(script)}`;
}

export interface StepHeader {
  /** e.g. init, join, upgrade. */
  readonly step: string;
  readonly cluster: string;
  /** The machine the step is about (not necessarily where it runs). */
  readonly node?: string;
  readonly role?: string;
  readonly zone?: string;
  readonly endpoint?: string;
  /** How the endpoint is served: a kube-vip VIP or the user's load balancer. */
  readonly api?: "vip" | "loadBalancer";
  /** The version a step converges to. */
  readonly version?: string;
}

/** The first line of every script: what it is, for people reading a diff and for the preview's HA facts. */
export function headerLine(h: StepHeader): string {
  const fields = Object.entries(h).map(([k, v]) => `${k}=${String(v)}`);
  return `# clusterfleet ${fields.join(" ")}`;
}

const LOG_DIR = "/var/log/clusterfleet";
/** Lines dropped from a failure's log excerpt: anything shaped like a bootstrap token or a 32-byte hex key. */
const SECRET_SHAPES = "[a-z0-9]{6}\\.[a-z0-9]{16}|[0-9a-fA-F]{64}";

/**
 * A complete script: header, strict mode, private umask, output to a root-only log, and on failure
 * the log's last lines (secret-shaped lines removed) on stderr. `result` prints to the real stdout.
 */
export function script(h: StepHeader, body: string): string {
  const log = `${LOG_DIR}/${h.cluster}-${h.step}${h.node ? `-${h.node}` : ""}.log`;
  return [
    headerLine(h),
    "set -eu",
    "umask 077",
    `LOG=${log}`,
    `mkdir -p ${LOG_DIR}`,
    'exec 3>&1 4>&2 >>"$LOG" 2>&1',
    `trap 'rc=$?; if [ "$rc" -ne 0 ]; then echo "clusterfleet: ${h.step}${h.node ? ` ${h.node}` : ""} failed (exit $rc); last lines of $LOG on $(hostname):" >&4; tail -n 30 "$LOG" | grep -Ev '"'"'${SECRET_SHAPES}'"'"' >&4 || true; fi' EXIT`,
    'result() { printf "%s\\n" "$1" >&3; }',
    `echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) ${h.step}${h.node ? ` ${h.node}` : ""}"`,
    body.trim(),
    "",
  ].join("\n");
}

/** A here-document that writes `content` to `path` verbatim (no expansion), mode 0644, replacing the file only if it differs. */
export function writeFile(path: string, content: string, mode = "0644"): string {
  const tag = "CLUSTERFLEET_EOF";
  if (content.split("\n").includes(tag)) throw new Error(`file content contains the here-document tag ${tag}`);
  // A dotfile beside the target: the kubelet ignores hidden files in its manifests directory.
  const slash = path.lastIndexOf("/");
  const tmp = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.clusterfleet-tmp`;
  return [
    `install -d -m 0755 "$(dirname ${path})"`,
    `cat > ${tmp} <<'${tag}'`,
    content.replace(/\n$/, ""),
    tag,
    `chmod ${mode} ${tmp}`,
    `if cmp -s ${tmp} ${path}; then rm -f ${tmp}; else mv -f ${tmp} ${path}; fi`,
  ].join("\n");
}

/** Marker for files carried on stdin: `#--- clusterfleet file: <name>` starts each one. */
export const FILE_MARK = "#--- clusterfleet file:";

/** stdin carrying named files (configuration with secrets, manifests): one secret input, no secrets in scripts. */
export function bundle(files: Readonly<Record<string, string>>): string {
  return Object.entries(files)
    .map(([name, content]) => `${FILE_MARK} ${name}\n${content.replace(/\n$/, "")}\n`)
    .join("");
}

/** Unpacks a bundle from stdin into `dir` (mode 0600 files). */
export function unbundle(dir: string): string {
  return [`install -d -m 0700 ${dir}`, `awk -v dir=${dir} '/^${FILE_MARK} /{ if (f) close(f); f = dir "/" $4; printf "" > f; next } f { print > f }'`].join("\n");
}

/** Whether a kubelet runs this node's Kubernetes: its version without the leading v. */
export const KUBELET_VERSION = `$(kubelet --version 2>/dev/null | sed 's/^Kubernetes v//')`;
