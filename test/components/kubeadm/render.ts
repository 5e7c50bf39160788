// Renders the base fleet's kubeadm cluster (eu-dc) alone under recorded Pulumi mocks.
import { KubeadmCluster } from "../../../components/kubeadm/kubeadm-cluster.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import type { ObservedFleet } from "../../../src/plan/observed.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import { PLACEHOLDER_SSH_PRIVATE_KEY } from "../../../src/plan/secrets.ts";
import type { ClusterPlan } from "../../../src/plan/types.ts";
import { runUnderMocks, type MockRun } from "../../../src/preview/mock-run.ts";
import "../../../src/preview/mocks/index.ts";
import type { RecordedResource } from "../../../src/preview/recording-monitor.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { baseFleet, NOW } from "../../fixtures/fleets.ts";

export type Spec = ReturnType<typeof baseFleet>;
export const COMPONENT = "acme-eu-dc";

export function planEuDc(mutate: (s: Spec) => void = () => {}, observed?: ObservedFleet): ClusterPlan {
  const spec = baseFleet();
  mutate(spec);
  const plan = planFleet(spec, defaultCatalog, observed, { now: NOW });
  if (plan.problems) throw new Error(JSON.stringify(plan.problems, null, 1));
  return plan.clusters.find((c) => c.name === "eu-dc")!;
}

export async function render(cluster: ClusterPlan, sshPrivateKey = PLACEHOLDER_SSH_PRIVATE_KEY): Promise<MockRun & { component: KubeadmCluster }> {
  let component: KubeadmCluster | undefined;
  const run = await runUnderMocks(
    async () => {
      component = new KubeadmCluster(COMPONENT, { fleet: "acme", cluster, sshPrivateKey });
      return { kubeconfig: component.kubeconfig, endpoint: component.endpoint, version: component.kubernetesVersion, pools: component.nodePoolVersions };
    },
    { project: "clusterfleet", stack: "kubeadm-test", config: {} },
  );
  return { ...run, component: component! };
}

/** A command by its role and machine, e.g. cmd(run, "join", "cp-b"). */
export function cmd(run: MockRun, role: string, machine?: string): RecordedResource {
  const name = machine ? `${COMPONENT}-${role}-${machine}` : `${COMPONENT}-${role}`;
  const r = run.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}; have ${run.resources.map((x) => x.name).join(", ")}`);
  return r;
}

export const commands = (run: MockRun): RecordedResource[] => run.resources.filter((r) => r.type === "command:remote:Command");

/** Names of everything `r` depends on, directly or through others. */
export function transitiveDeps(run: MockRun, r: RecordedResource): Set<string> {
  const byUrn = new Map(run.resources.map((x) => [x.urn, x]));
  const seen = new Set<string>();
  const walk = (x: RecordedResource) => {
    for (const u of x.dependsOnUrns) {
      const d = byUrn.get(u);
      if (d && !seen.has(d.name)) {
        seen.add(d.name);
        walk(d);
      }
    }
  };
  walk(r);
  return seen;
}

/** The plain content of a secret input. */
export function secretText(v: unknown): string {
  if (!(v instanceof SecretValue)) throw new Error(`expected a secret, got ${JSON.stringify(v)}`);
  return String(v.value);
}

/** The script inside a command line built by asRoot (its second single-quoted argument). */
export function innerScript(commandLine: unknown): string {
  const s = String(commandLine);
  const words: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === "'") {
      let w = "";
      i++;
      for (;;) {
        const end = s.indexOf("'", i);
        w += s.slice(i, end);
        i = end + 1;
        if (s.startsWith("\\''", i)) {
          w += "'";
          i += 3;
        } else break;
      }
      words.push(w);
    } else i++;
  }
  return words[1] ?? "";
}
