// The kubeadm part of a cluster's plan: machines in bootstrap order, the init machine (stable over
// the cluster's life), the control-plane endpoint and certificate SANs, versions and package
// repositories. Every check reports the field, the value and what is allowed, all at once.
import type { ClusterSpec } from "../spec/cluster.ts";
import { listAllowed, show } from "../spec/issue.ts";
import type { KubeadmSpec } from "../spec/kubeadm.ts";
import type { TaintSpec } from "../spec/node-pool.ts";
import type { PlanContext } from "./context.ts";
import { inside, spanOf } from "./ipam.ts";
import type { LifecycleDecision } from "./lifecycle.ts";
import type { KubeadmEndpointPlan, KubeadmMachinePlan, KubeadmPlan, NodePoolPlan } from "./types.ts";

type KubeadmCluster = Extract<ClusterSpec, { provider: "kubeadm" }>;

export const CONTROL_PLANE_TAINT: TaintSpec = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };
export const POOL_LABEL = "clusterfleet.dev/node-pool";

/** Labels a kubelet may register itself with (NodeRestriction); other kubernetes.io / k8s.io labels make it refuse to start. */
const KUBELET_ALLOWED = new Set([
  "kubernetes.io/hostname",
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "beta.kubernetes.io/instance-type",
  "node.kubernetes.io/instance-type",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
]);
export function kubeletMaySetLabel(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return true;
  const prefix = key.slice(0, slash);
  const reserved = /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix);
  return !reserved || KUBELET_ALLOWED.has(key) || prefix === "kubelet.kubernetes.io" || prefix === "node.kubernetes.io";
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function planKubeadm(
  ctx: PlanContext,
  c: KubeadmCluster,
  path: string,
  zones: readonly string[],
  pools: readonly NodePoolPlan[],
  decision: Pick<LifecycleDecision, "action" | "kubernetesVersion" | "currentVersion">,
): KubeadmPlan {
  const k = c.kubeadm;
  const at = `${path}.kubeadm`;
  const { problems, catalog } = ctx;
  const observed = ctx.observed?.clusters[c.name]?.kubeadm;

  checkUnique(ctx, k, at);
  const endpoint = planEndpoint(ctx, k, at);
  if (observed?.controlPlaneEndpoint && endpoint && observed.controlPlaneEndpoint !== endpoint.controlPlaneEndpoint) {
    problems.error(
      `${at}.endpoint`,
      "kubeadm/endpoint-changed",
      `is ${endpoint.controlPlaneEndpoint}, but the cluster was bootstrapped with ${observed.controlPlaneEndpoint}: its certificates and every kubeconfig name that endpoint; keep ${observed.controlPlaneEndpoint}`,
      endpoint.controlPlaneEndpoint,
    );
  }
  const certSANs = planCertSANs(ctx, k, at, endpoint);

  const controlPlanes = k.machines.map((m, i) => ({ m, i })).filter(({ m }) => m.role === "control-plane");
  checkControlPlaneMachines(ctx, c, at, controlPlanes, zones);
  const workerPools = checkWorkers(ctx, c, path, zones, pools);

  // Minors this cluster runs, each with its pinned patch.
  const patchOf = (minor: string, where: string): string => {
    const patch = catalog.kubeadm.patches[minor];
    if (!patch) problems.error(where, "kubeadm/no-patch", `${minor} has no pinned kubeadm release in the catalog; pinned minors: ${listAllowed(Object.keys(catalog.kubeadm.patches))}`, minor);
    return patch ?? `${minor}.0`;
  };
  const cpPatch = patchOf(decision.kubernetesVersion, c.kubernetesVersion ? `${path}.kubernetesVersion` : "defaults.kubernetesVersion");
  pools.forEach((p, i) => {
    if (p.kubernetesVersion !== decision.kubernetesVersion) patchOf(p.kubernetesVersion, `${path}.nodePools[${i}].kubernetesVersion`);
  });

  // The init machine: pinned by the deployment that ran `kubeadm init`; on a first deployment the
  // control-plane machine with the lowest name (never the list position).
  const cpNames = controlPlanes.map(({ m }) => m.name).sort();
  const initMachine = observed ? (observed.initMachine && cpNames.includes(observed.initMachine) ? observed.initMachine : undefined) : cpNames[0];

  const site = c.region;
  const machines: KubeadmMachinePlan[] = k.machines.map((m) => {
    const pool = m.role === "worker" ? workerPools.get(m.name) : undefined;
    const minor = pool?.kubernetesVersion ?? decision.kubernetesVersion;
    const labels: Record<string, string> = { "topology.kubernetes.io/region": site, ...(m.zone ? { "topology.kubernetes.io/zone": m.zone } : {}) };
    if (pool) Object.assign(labels, pool.labels, { [POOL_LABEL]: pool.name });
    return {
      name: m.name,
      address: m.address,
      role: m.role,
      bootstrap: m.name === initMachine ? "init" : "join",
      ...(m.zone ? { zone: m.zone } : {}),
      ...(pool ? { pool: pool.name } : {}),
      ssh: { user: m.user ?? k.ssh.user, port: k.ssh.port },
      kubernetesVersion: minor,
      kubernetesPatch: minor === decision.kubernetesVersion ? cpPatch : (catalog.kubeadm.patches[minor] ?? `${minor}.0`),
      labels,
      taints: m.role === "control-plane" ? [CONTROL_PLANE_TAINT] : [...(pool?.taints ?? [])],
    };
  });
  const rank = (m: KubeadmMachinePlan) => (m.bootstrap === "init" ? 0 : m.role === "control-plane" ? 1 : 2);
  machines.sort((a, b) => rank(a) - rank(b) || byName(a, b));

  const admin = planAdmin(ctx, at, k, endpoint, machines, initMachine, observed !== undefined);
  const minors = [...new Set(machines.map((m) => m.kubernetesVersion).concat(decision.kubernetesVersion))].sort();
  const repo = (r: { url: string; key: string }, minor: string) => ({ url: r.url.replaceAll("{minor}", minor), key: r.key.replaceAll("{minor}", minor) });
  const calico = catalog.kubeadm.calico;

  return {
    endpoint: endpoint ?? { kind: "vip", host: "", port: 6443, controlPlaneEndpoint: "", url: "" },
    certSANs,
    ...(initMachine ? { initMachine } : {}),
    admin,
    machines,
    sshPrivateKeyKey: k.ssh.privateKeyKey ?? `ssh-key-${c.name}`,
    kubernetesPatch: cpPatch,
    packageRepositories: Object.fromEntries(minors.map((m) => [m, { deb: repo(catalog.kubeadm.packages.deb, m), rpm: repo(catalog.kubeadm.packages.rpm, m) }])),
    ...(endpoint?.kind === "vip" ? { kubeVipImage: catalog.kubeadm.kubeVip.image } : {}),
    cni: k.cni === "calico" ? { plugin: "calico", version: calico.version, manifest: calico.manifest } : { plugin: "none" },
    ...(decision.action === "upgrade" && decision.currentVersion ? { upgrade: { from: decision.currentVersion, to: decision.kubernetesVersion } } : {}),
  };
}

function checkUnique(ctx: PlanContext, k: KubeadmSpec, at: string): void {
  const names = new Map<string, number>();
  const addresses = new Map<string, number>();
  k.machines.forEach((m, i) => {
    const n = names.get(m.name);
    if (n !== undefined) ctx.problems.error(`${at}.machines[${i}].name`, "kubeadm/duplicate-machine", `${show(m.name)} is also the name of ${at}.machines[${n}]; machine names are Node names and must be unique`, m.name);
    else names.set(m.name, i);
    const a = addresses.get(m.address);
    if (a !== undefined) ctx.problems.error(`${at}.machines[${i}].address`, "kubeadm/duplicate-address", `${show(m.address)} is also the address of ${at}.machines[${a}] (${k.machines[a]!.name}); each machine needs its own address`, m.address);
    else addresses.set(m.address, i);
  });
  if ("vip" in k.endpoint) {
    const clash = k.machines.findIndex((m) => m.address === (k.endpoint as { vip: string }).vip);
    if (clash >= 0) {
      ctx.problems.error(`${at}.endpoint.vip`, "kubeadm/vip-is-machine", `${show(k.endpoint.vip)} is the address of ${at}.machines[${clash}] (${k.machines[clash]!.name}); the VIP must be a free address that kube-vip moves between control-plane machines`, k.endpoint.vip);
    }
  }
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function planEndpoint(ctx: PlanContext, k: KubeadmSpec, at: string): KubeadmEndpointPlan | undefined {
  const e = k.endpoint;
  if ("vip" in e) {
    return { kind: "vip", host: e.vip, port: e.port, controlPlaneEndpoint: `${e.vip}:${e.port}`, url: `https://${e.vip}:${e.port}`, ...(e.interface ? { interface: e.interface } : {}) };
  }
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(e.loadBalancer);
  const host = m?.[1]?.toLowerCase();
  const port = m?.[2] === undefined ? 6443 : Number(m[2]);
  if (!host || !(IPV4.test(host) || DNS_NAME.test(host)) || port < 1 || port > 65535) {
    ctx.problems.error(`${at}.endpoint.loadBalancer`, "kubeadm/endpoint-invalid", `got ${show(e.loadBalancer)}; expected "host" or "host:port" with an IPv4 address or DNS name and a port 1-65535, e.g. "api.dc1.example.com:6443"`, e.loadBalancer);
    return undefined;
  }
  return { kind: "loadBalancer", host, port, controlPlaneEndpoint: `${host}:${port}`, url: `https://${host}:${port}` };
}

function planCertSANs(ctx: PlanContext, k: KubeadmSpec, at: string, endpoint: KubeadmEndpointPlan | undefined): string[] {
  if (!endpoint) return [...(k.certSANs ?? [])];
  if (k.certSANs === undefined) return [endpoint.host];
  if (!k.certSANs.includes(endpoint.host)) {
    ctx.problems.error(
      `${at}.certSANs`,
      "kubeadm/endpoint-not-in-certsans",
      `got ${show(k.certSANs)}, which lacks the control-plane endpoint ${show(endpoint.host)}: clients and joining machines reach the API server there, so the certificate must name it; add ${show(endpoint.host)} (or leave certSANs out)`,
      k.certSANs,
    );
  }
  return [...new Set(k.certSANs)];
}

function checkControlPlaneMachines(ctx: PlanContext, c: KubeadmCluster, at: string, cps: readonly { m: KubeadmSpec["machines"][number]; i: number }[], zones: readonly string[]): void {
  const { problems } = ctx;
  const replicas = c.controlPlane.replicas ?? (c.controlPlane.ha ? 3 : 1);
  const replicasValid = replicas % 2 === 1 && (c.controlPlane.ha ? replicas >= 3 : replicas === 1);
  if (replicasValid && cps.length !== replicas) {
    problems.error(
      `${at}.machines`,
      "kubeadm/control-plane-count",
      `lists ${cps.length} control-plane machine${cps.length === 1 ? "" : "s"}${cps.length ? ` (${cps.map(({ m }) => m.name).join(", ")})` : ""} but controlPlane.replicas is ${replicas}: list exactly ${replicas} machines with role: control-plane`,
      cps.length,
    );
  }
  c.kubeadm.machines.forEach((m, i) => {
    if (m.zone !== undefined && !zones.includes(m.zone)) {
      problems.error(`${at}.machines[${i}].zone`, "kubeadm/zone-unknown", `${show(m.zone)} is not one of the cluster's zones; allowed: ${zones.length ? listAllowed(zones) : "(none: the site is unknown)"}`, m.zone);
    }
    if (m.role === "control-plane" && m.pool !== undefined) {
      problems.error(`${at}.machines[${i}].pool`, "kubeadm/pool-on-control-plane", `is ${show(m.pool)} on a control-plane machine; pools are for workers (control-plane machines keep the control-plane taint)`, m.pool);
    }
    if (m.role === "control-plane" && m.user !== undefined && "vip" in c.kubeadm.endpoint && m.user !== c.kubeadm.ssh.user) {
      problems.error(`${at}.machines[${i}].user`, "kubeadm/control-plane-user", `is ${show(m.user)}, but cluster-wide commands reach whichever control-plane machine holds the VIP as ssh.user (${show(c.kubeadm.ssh.user)}); control-plane machines must accept ssh.user`, m.user);
    }
  });
  if (!c.controlPlane.ha) return;
  // HA: losing any one zone must leave an etcd quorum, so no zone may hold half the members.
  const perZone = new Map<string, string[]>();
  for (const { m, i } of cps) {
    if (m.zone === undefined) {
      problems.error(`${at}.machines[${i}].zone`, "kubeadm/zone-required", `control-plane machine ${show(m.name)} has no zone; an HA control plane spreads etcd over zones, so name one of: ${listAllowed(zones)}`);
    } else perZone.set(m.zone, [...(perZone.get(m.zone) ?? []), m.name]);
  }
  const maxPerZone = Math.floor((cps.length - 1) / 2);
  for (const [zone, names] of perZone) {
    if (names.length > maxPerZone) {
      problems.error(
        `${at}.machines`,
        "kubeadm/control-plane-spread",
        `zone ${show(zone)} holds ${names.length} of ${cps.length} control-plane machines (${names.join(", ")}); losing that zone would lose etcd quorum: put at most ${maxPerZone} in one zone`,
        zone,
      );
    }
  }
}

/** Each worker's pool, checked: the pool exists, the machine is in its zones, each pool's machine count is within min..max. */
function checkWorkers(ctx: PlanContext, c: KubeadmCluster, path: string, zones: readonly string[], pools: readonly NodePoolPlan[]): Map<string, NodePoolPlan> {
  const { problems } = ctx;
  const at = `${path}.kubeadm`;
  const out = new Map<string, NodePoolPlan>();
  const names = pools.map((p) => p.name);
  c.kubeadm.machines.forEach((m, i) => {
    if (m.role !== "worker") return;
    const chosen = m.pool ?? (pools.length === 1 ? pools[0]!.name : undefined);
    const pool = pools.find((p) => p.name === chosen);
    if (m.pool !== undefined && !pool) {
      problems.error(`${at}.machines[${i}].pool`, "kubeadm/unknown-pool", `${show(m.pool)} is not a node pool of this cluster; allowed: ${names.length ? listAllowed(names) : "(none: declare nodePools)"}`, m.pool);
    } else if (!pool) {
      problems.error(`${at}.machines[${i}].pool`, "kubeadm/pool-required", `worker ${show(m.name)} names no pool and the cluster has ${pools.length} pools; set pool to one of: ${names.length ? listAllowed(names) : "(none: declare a node pool for the workers)"}`);
    }
    if (!pool) return;
    out.set(m.name, pool);
    if (m.zone !== undefined && zones.includes(m.zone) && !pool.zones.includes(m.zone)) {
      problems.error(`${at}.machines[${i}].zone`, "kubeadm/zone-outside-pool", `${show(m.zone)} is not one of pool ${show(pool.name)}'s zones; allowed: ${listAllowed(pool.zones)}`, m.zone);
    }
  });
  const workers = [...out.values()];
  if (c.kubeadm.machines.every((m) => m.role !== "worker") && pools.some((p) => p.min > 0)) {
    problems.error(`${at}.machines`, "kubeadm/no-workers", `lists no worker machines, but node pools ${listAllowed(pools.filter((p) => p.min > 0).map((p) => p.name))} need at least ${Math.min(...pools.filter((p) => p.min > 0).map((p) => p.min))}: add machines with role: worker`);
    return out;
  }
  pools.forEach((p, i) => {
    const n = workers.filter((w) => w === p).length;
    if (n < p.min || n > p.max) {
      problems.error(`${path}.nodePools[${i}]`, "kubeadm/pool-size", `pool ${show(p.name)} has ${n} worker machine${n === 1 ? "" : "s"} but min ${p.min}, max ${p.max}; a kubeadm pool is its machines (it does not autoscale): list between ${p.min} and ${p.max} workers in it`, n);
    }
    for (const key of Object.keys(p.labels)) {
      if (!kubeletMaySetLabel(key)) {
        problems.error(`${path}.nodePools[${i}].labels.${key}`, "kubeadm/node-label-restricted", `${show(key)} is in a kubernetes.io / k8s.io namespace the kubelet may not set on its own Node (NodeRestriction); use your own prefix, or node.kubernetes.io/ or kubelet.kubernetes.io/`, key);
      }
    }
  });
  return out;
}

function planAdmin(ctx: PlanContext, at: string, k: KubeadmSpec, endpoint: KubeadmEndpointPlan | undefined, machines: readonly KubeadmMachinePlan[], initMachine: string | undefined, deployed: boolean): KubeadmPlan["admin"] {
  if (!endpoint || endpoint.kind === "vip") return { host: endpoint?.host ?? "", port: k.ssh.port, user: k.ssh.user };
  const init = machines.find((m) => m.name === initMachine);
  if (!init) {
    ctx.problems.error(
      `${at}.machines`,
      "kubeadm/admin-machine-removed",
      deployed
        ? "the machine that ran kubeadm init is no longer listed; behind a load balancer it is where ClusterFleet runs cluster-wide commands (kubectl with the admin kubeconfig), so it cannot leave: list it again (replace its hardware under the same name and address)"
        : "lists no control-plane machine to run kubeadm init on",
    );
    return { host: "", port: k.ssh.port, user: k.ssh.user };
  }
  return { host: init.address, port: init.ssh.port, user: init.ssh.user };
}

/** Machines and the VIP live in the cluster's node network (the site subnet, pinned as network.cidr). */
export function checkKubeadmNetwork(ctx: PlanContext, index: number, name: string, plan: KubeadmPlan, cidr: string): void {
  const net = spanOf(cidr);
  const at = `clusters[${index}]`;
  const within = (ip: string) => inside(spanOf(`${ip}/32`), net);
  const outside = plan.machines.filter((m) => !within(m.address)).map((m) => `${m.name} (${m.address})`);
  if (outside.length) {
    ctx.problems.error(
      `${at}.kubeadm.machines`,
      "kubeadm/address-outside-network",
      `machines ${outside.join(", ")} are outside cluster "${name}"'s node network ${cidr}; pin network.cidr to the machines' subnet (peerings and firewall rules route that network)`,
      outside,
    );
  }
  if (plan.endpoint.kind === "vip" && plan.endpoint.host && !within(plan.endpoint.host)) {
    ctx.problems.error(`${at}.kubeadm.endpoint.vip`, "kubeadm/address-outside-network", `${show(plan.endpoint.host)} is outside the node network ${cidr}; kube-vip announces the VIP by ARP on the machines' subnet`, plan.endpoint.host);
  }
}
