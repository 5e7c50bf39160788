// The bootstrap command graph, with explicit dependsOn for its order:
//   prepare-<every machine>                                   (in parallel)
//   init-<init machine>                                       (kubeadm init --upload-certs)
//   admit-<cp2> → join-<cp2> → admit-<cp3> → join-<cp3> …     (control plane, one at a time)
//   admit-<w> → join-<w> → drain-<w>                          (workers, in parallel, after the last control-plane join)
//   cni, kubeconfig                                           (cluster-wide, after init)
// Machine steps run on the machine; cluster-wide steps (admit, drain, cni, kubeconfig) where
// kubectl has the admin kubeconfig: the VIP (any control-plane machine), or the init machine
// behind a load balancer. Bootstrap steps run once per machine: their version-bearing inputs are
// ignored after creation (upgrades are the upgrade steps'), so re-running `pulumi up` changes nothing.
import { remote } from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { required } from "../provider-output.ts";
import type { ClusterPlan, KubeadmMachinePlan, KubeadmPlan } from "../../src/plan/types.ts";
import { admitScript, cniScript, FILES, initScript, joinScript } from "./bootstrap-scripts.ts";
import { connectionTo, generationOf, type SshTarget } from "./connection.ts";
import type { ClusterCredentials } from "./credentials.ts";
import { prepareScript } from "./host-prep.ts";
import { initDocuments, joinConfiguration, toYaml } from "./kubeadm-config.ts";
import { kubeVipManifest } from "./kube-vip.ts";
import { readBackScript } from "./kubeconfig.ts";
import { deleteNodeScript, drainScript, registeredScript, resetScript } from "./removal.ts";
import { asRoot, bundle } from "./shell.ts";

export interface BootstrapArgs {
  readonly name: string;
  readonly cluster: ClusterPlan;
  readonly plan: KubeadmPlan;
  readonly parent: pulumi.Resource;
  readonly sshPrivateKey: pulumi.Output<string>;
  readonly credentials: ClusterCredentials;
}

export interface BootstrapGraph {
  readonly prepare: ReadonlyMap<string, remote.Command>;
  /** init-<m> or join-<m>, by machine. */
  readonly bootstrap: ReadonlyMap<string, remote.Command>;
  readonly admit: ReadonlyMap<string, remote.Command>;
  readonly drain: ReadonlyMap<string, remote.Command>;
  readonly cni?: remote.Command;
  /** stdout: the admin kubeconfig, encrypted with credentials.kubeconfigKey. */
  readonly kubeconfig: remote.Command;
  /** Everything the upgrade chain waits for. */
  readonly done: readonly pulumi.Resource[];
  readonly connect: (m: KubeadmMachinePlan) => remote.CommandArgs["connection"];
  readonly admin: remote.CommandArgs["connection"];
}

/** Steps that carry secrets on stdin keep them out of their outputs too. */
const SECRET_IO = ["stdin", "stdout", "stderr"];

export function bootstrapGraph(a: BootstrapArgs): BootstrapGraph {
  const { name, cluster: c, plan: k, parent, credentials } = a;
  const target = (m: KubeadmMachinePlan): SshTarget => ({ host: m.address, port: m.ssh.port, user: m.ssh.user });
  const connect = (m: KubeadmMachinePlan) => connectionTo(target(m), a.sshPrivateKey);
  const admin = connectionTo(k.admin, a.sshPrivateKey);
  const adminGeneration = generationOf(k.admin, a.sshPrivateKey);
  const secrets = pulumi.all([credentials.token, credentials.certificateKey]).apply(([token, certificateKey]) => ({ token, certificateKey }));

  const prepare = new Map(
    k.machines.map((m) => [
      m.name,
      new remote.Command(
        `${name}-prepare-${m.name}`,
        { connection: connect(m), create: asRoot(prepareScript(c.name, k, m)) },
        // The packages it installs carry the bootstrap version: later versions are the upgrade steps'.
        { parent, ignoreChanges: ["create"] },
      ),
    ]),
  );

  const bootstrap = new Map<string, remote.Command>();
  const admit = new Map<string, remote.Command>();
  const drain = new Map<string, remote.Command>();
  const machineStep = (m: KubeadmMachinePlan, kind: "init" | "join", stdin: pulumi.Output<string>, dependsOn: pulumi.Resource[]) => {
    const generation = generationOf(target(m), a.sshPrivateKey);
    const create = generation.apply((g) => asRoot(kind === "init" ? initScript(c, k, m, g) : joinScript(c, k, m, g)));
    const cmd = new remote.Command(
      `${name}-${kind}-${m.name}`,
      { connection: connect(m), create, delete: generation.apply((g) => asRoot(resetScript(c.name, m, g))), stdin: pulumi.secret(stdin) },
      // stdin holds the kubeadm documents (the version among them): read once, at bootstrap.
      { parent, dependsOn, ignoreChanges: ["stdin"], additionalSecretOutputs: SECRET_IO },
    );
    bootstrap.set(m.name, cmd);
    return cmd;
  };
  const admitStep = (m: KubeadmMachinePlan, dependsOn: pulumi.Resource[]) => {
    const cmd = new remote.Command(
      `${name}-admit-${m.name}`,
      {
        connection: admin,
        create: asRoot(admitScript(c.name, m)),
        ...(m.role === "worker" ? { delete: adminGeneration.apply((g) => asRoot(deleteNodeScript(c.name, m, g))) } : {}),
        stdin: pulumi.secret(pulumi.interpolate`${credentials.token}\n${credentials.certificateKey}\n`),
      },
      { parent, dependsOn, additionalSecretOutputs: ["stdin"] },
    );
    admit.set(m.name, cmd);
    return cmd;
  };
  const joinStdin = (m: KubeadmMachinePlan, admitted: remote.Command) =>
    pulumi.all([secrets, admitted.stdout]).apply(([s, hash]) =>
      bundle({ [FILES.join]: toYaml([joinConfiguration(k, m, s, required(hash, `${c.name}: the stdout of the command admitting ${m.name} (the CA hash)`).trim())]), ...(k.endpoint.kind === "vip" && m.role === "control-plane" ? { [FILES.kubeVip]: kubeVipManifest(k) } : {}) }),
    );

  // The control plane: init, then one join at a time.
  const cps = k.machines.filter((m) => m.role === "control-plane");
  let last: remote.Command | undefined;
  const anchor: remote.Command[] = [];
  for (const m of cps) {
    if (m.bootstrap === "init") {
      const stdin = secrets.apply((s) =>
        bundle({
          [FILES.init]: toYaml(initDocuments(c, k, m, s)),
          ...(k.endpoint.kind === "vip" ? { [FILES.kubeVipInit]: kubeVipManifest(k, "/etc/kubernetes/super-admin.conf"), [FILES.kubeVip]: kubeVipManifest(k) } : {}),
        }),
      );
      last = machineStep(m, "init", stdin, [prepare.get(m.name)!]);
      anchor.push(last);
      continue;
    }
    const admitted = admitStep(m, last ? [last] : [...anchor]);
    last = machineStep(m, "join", joinStdin(m, admitted), [prepare.get(m.name)!, admitted, ...(last ? [last] : [])]);
  }

  // Workers, in parallel, once the whole control plane is up.
  const controlPlaneDone = last ? [last] : [];
  for (const m of k.machines.filter((x) => x.role === "worker")) {
    const admitted = admitStep(m, controlPlaneDone);
    const joined = machineStep(m, "join", joinStdin(m, admitted), [prepare.get(m.name)!, admitted, ...controlPlaneDone]);
    drain.set(
      m.name,
      new remote.Command(
        `${name}-drain-${m.name}`,
        { connection: admin, create: adminGeneration.apply((g) => asRoot(registeredScript(c.name, m, g))), delete: adminGeneration.apply((g) => asRoot(drainScript(c.name, m, g))) },
        { parent, dependsOn: [joined] },
      ),
    );
  }

  const cni = k.cni.plugin === "calico" ? new remote.Command(`${name}-cni`, { connection: admin, create: asRoot(cniScript(c, k)) }, { parent, dependsOn: anchor }) : undefined;
  const kubeconfig = new remote.Command(
    `${name}-kubeconfig`,
    { connection: admin, create: asRoot(readBackScript(c.name, k)), stdin: pulumi.secret(pulumi.interpolate`${credentials.kubeconfigKey}\n`) },
    { parent, dependsOn: anchor, additionalSecretOutputs: SECRET_IO },
  );

  return { prepare, bootstrap, admit, drain, ...(cni ? { cni } : {}), kubeconfig, done: [...bootstrap.values(), ...drain.values()], connect, admin };
}
