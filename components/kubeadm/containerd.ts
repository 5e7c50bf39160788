// The container runtime of a kubeadm machine: containerd 2.x and runc from their upstream release
// binaries, pinned and checked against the release's own checksums, the same on Debian, Ubuntu and
// RHEL-family systems, with a configuration file ClusterFleet writes whole.
//
// Why not the distribution's package: Debian 12 ships containerd 1.6, and Kubernetes 1.35 supports
// containerd 2.2.0+, 2.1.5+ or 1.7.28+, 1.36 only 2.3.0+ or 2.2.0+ (containerd/containerd RELEASES.md,
// "Kubernetes support"); RHEL-family systems have no containerd at all (Docker's repository has).
// Why the static build: the release's dynamically linked build needs glibc 2.35 (its release notes,
// "Which file should I download?"), newer than RHEL 9's 2.34.
import { writeFile } from "./shell.ts";

// Facts: they belong with the other pins of src/catalog/kubeadm.ts (KubeadmCatalog), which another
// change owns as this one lands; kept here, with their source, until they move.
export const CONTAINERD = {
  version: "2.3.6",
  runc: "1.5.2",
  source:
    "https://github.com/containerd/containerd/releases/tag/v2.3.6 (2026-09-24, security fix; 2.3.x supports Kubernetes 1.36 per RELEASES.md) and " +
    "https://github.com/opencontainers/runc/releases/tag/v1.5.2",
  release: (v: string) => `https://github.com/containerd/containerd/releases/download/v${v}`,
  runcRelease: (v: string) => `https://github.com/opencontainers/runc/releases/download/v${v}`,
} as const;

export const CONTAINERD_CONFIG_PATH = "/etc/containerd/config.toml";
export const CONTAINERD_UNIT_PATH = "/etc/systemd/system/containerd.service";

/**
 * containerd's configuration, written whole rather than edited from `containerd config default`: the
 * 2.0 and 2.1 defaults carry no SystemdCgroup line at all, so the usual sed finds nothing to change.
 * Version 3 is containerd 2.x's format; the systemd cgroup driver matches the kubelet's (KubeletConfiguration
 * cgroupDriver: systemd) as containerd's CRI guide gives it (docs/cri/config.md, "Cgroup Driver", containerd 2.x).
 */
export const CONTAINERD_CONFIG = `# Written by ClusterFleet: containerd ${CONTAINERD.version}'s configuration (version 3), replaced whole on every run.
version = 3

[plugins.'io.containerd.cri.v1.runtime'.containerd]
  default_runtime_name = 'runc'

[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
  runtime_type = 'io.containerd.runc.v2'

[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
  SystemdCgroup = true
`;

/** containerd's own systemd unit (containerd/containerd containerd.service), for the binary in /usr/local/bin. */
export const CONTAINERD_UNIT = `[Unit]
Description=containerd container runtime (installed by ClusterFleet)
Documentation=https://containerd.io
After=network.target dbus.service

[Service]
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/local/bin/containerd
Type=notify
Delegate=yes
KillMode=process
Restart=always
RestartSec=5
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
OOMScoreAdjust=-999

[Install]
WantedBy=multi-user.target
`;

/**
 * Shell functions: `containerd_at_pin` (is the pinned containerd the one installed), `containerd_install`
 * (download containerd and runc, verify each against its release's sha256sum file, install them under
 * /usr/local, the unit beside) and `containerd_configure` (write the configuration, restart containerd
 * only if it changed). Downloads go to files, never through a pipe: POSIX sh has no pipefail, so
 * `curl | tar` would carry on after a failed download.
 */
export function containerdFunctions(): string {
  const { version, runc } = CONTAINERD;
  return `
containerd_at_pin() { [ "$(/usr/local/bin/containerd --version 2>/dev/null | awk '{ print $3 }')" = "v${version}" ]; }
containerd_install() {
  case "$(uname -m)" in
    x86_64) arch=amd64 ;;
    aarch64) arch=arm64 ;;
    *) echo "containerd ${version}: no release binaries for $(uname -m) (amd64 and arm64 only)" >&4; return 1 ;;
  esac
  dl=$(mktemp -d)
  archive=containerd-static-${version}-linux-$arch.tar.gz
  curl -fsSL --retry 3 -o "$dl/$archive" "${CONTAINERD.release(version)}/$archive"
  curl -fsSL --retry 3 -o "$dl/$archive.sha256sum" "${CONTAINERD.release(version)}/$archive.sha256sum"
  curl -fsSL --retry 3 -o "$dl/runc.$arch" "${CONTAINERD.runcRelease(runc)}/runc.$arch"
  curl -fsSL --retry 3 -o "$dl/runc.sha256sum" "${CONTAINERD.runcRelease(runc)}/runc.sha256sum"
  (cd "$dl" && sha256sum -c "$archive.sha256sum" && grep " \\*\\{0,1\\}runc.$arch\\$" runc.sha256sum > runc.check && sha256sum -c runc.check)
  tar -C /usr/local -xzf "$dl/$archive"
  install -d -m 0755 /usr/local/sbin
  install -m 0755 "$dl/runc.$arch" /usr/local/sbin/runc
  rm -rf "$dl"
${writeFile(CONTAINERD_UNIT_PATH, CONTAINERD_UNIT)}
  systemctl daemon-reload
  if systemctl is-active --quiet containerd; then systemctl restart containerd; fi
}
containerd_configure() {
  install -d -m 0755 /etc/containerd
  cat > /etc/containerd/.config.toml.clusterfleet-new <<'CLUSTERFLEET_EOF'
${CONTAINERD_CONFIG.replace(/\n$/, "")}
CLUSTERFLEET_EOF
  chmod 0644 /etc/containerd/.config.toml.clusterfleet-new
  if cmp -s /etc/containerd/.config.toml.clusterfleet-new ${CONTAINERD_CONFIG_PATH}; then
    rm -f /etc/containerd/.config.toml.clusterfleet-new
  else
    mv -f /etc/containerd/.config.toml.clusterfleet-new ${CONTAINERD_CONFIG_PATH}
    if systemctl is-active --quiet containerd; then systemctl restart containerd; fi
  fi
  systemctl enable --now containerd
}`.trim();
}

