// `clusterfleet operator --stack NAME --project-repo URL [--branch B] [--repo-dir DIR] [--namespace NS]
// [--resync-seconds N] [--out FILE|-]`: one Pulumi Kubernetes Operator `Stack` per shard, as
// multi-document YAML to apply to the management cluster the operator runs in.
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { parseBackendUrl } from "../shards/backend-url.ts";
import { DEFAULT_RESYNC_SECONDS, JURISDICTION_LABEL, MIN_RESYNC_SECONDS, NETWORK_LABEL, operatorStacks } from "../shards/operator-stack.ts";
import { CliError, EXIT } from "./errors.ts";
import { FLEET_CONFIG_KEY } from "./load.ts";
import { planShardedStack } from "./sharded-stack.ts";

export interface OperatorCommandOptions {
  readonly stack?: string;
  readonly out?: string;
  readonly namespace?: string;
  readonly projectRepo?: string;
  readonly branch?: string;
  readonly repoDir?: string;
  readonly resyncSeconds?: string;
  readonly now?: string;
}

/** Kubernetes namespace names are DNS-1123 labels (kubernetes.io/docs/concepts/overview/working-with-objects/names/). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function runOperatorCommand(opts: OperatorCommandOptions, out: (s: string) => void, clock: () => Date): void {
  const namespace = opts.namespace ?? "clusterfleet";
  if (!DNS_LABEL.test(namespace)) throw new CliError(`--namespace: got ${JSON.stringify(namespace)}; expected a Kubernetes namespace name (lowercase DNS label, at most 63 characters)`, EXIT.usage);
  if (!opts.projectRepo) throw new CliError("give --project-repo URL: the git repository the operator fetches the Pulumi project from (with --branch, default main)", EXIT.usage);
  const resync = opts.resyncSeconds === undefined ? DEFAULT_RESYNC_SECONDS : Number(opts.resyncSeconds);
  if (!Number.isInteger(resync) || resync < MIN_RESYNC_SECONDS) {
    throw new CliError(`--resync-seconds: got ${JSON.stringify(opts.resyncSeconds)}; expected a whole number of seconds, at least ${MIN_RESYNC_SECONDS} (the operator's minimum)`, EXIT.usage);
  }
  const { stack, plan, config } = planShardedStack("operator", opts, clock);
  // A file:// backend is a directory in the workspace pod, gone with the pod.
  for (const s of plan.shards ?? []) {
    if (s.state.backend && parseBackendUrl(s.state.backend)?.kind === "file") {
      throw new CliError(`jurisdictions.${s.state.of}.stateBackend: ${s.state.backend} is a directory; the operator's workspace pods would lose it (give s3://, gs:// or azblob://)`);
    }
  }
  // Secret config values are encrypted for the stack's own secrets provider: they cannot be copied to
  // another stack, so each shard's stack gets them through the operator's secretsRef instead.
  const secretKeys = Object.entries(config).filter(([, v]) => v !== null && typeof v === "object" && "secure" in v).map(([k]) => k);
  const plain = Object.fromEntries(Object.entries(config).filter(([k]) => !secretKeys.includes(k)));
  if (!(FLEET_CONFIG_KEY in plain)) throw new CliError(`--stack ${stack}: the fleet (${FLEET_CONFIG_KEY}) is a secret; the Stack objects need it in plain config`);
  const objects = operatorStacks(plan, {
    stack,
    namespace,
    projectRepo: opts.projectRepo,
    branch: opts.branch ?? "main",
    ...(opts.repoDir ? { repoDir: opts.repoDir } : {}),
    resyncSeconds: resync,
    config: plain,
  });
  const header = [
    `# clusterfleet operator --stack ${stack}: ${objects.length} pulumi.com/v1 Stack objects, one per shard of fleet ${plan.fleet}.`,
    `# Runner nodes carry ${NETWORK_LABEL}=<cluster> (inside that cluster's network) or ${JURISDICTION_LABEL}=<jurisdiction>;`,
    `# the Secrets named in envRefs live in namespace ${namespace}. See README, "On the Pulumi Kubernetes Operator".`,
    ...(secretKeys.length ? [`# Not copied (secret config; give each Stack spec.secretsRef): ${secretKeys.join(", ")}`] : []),
  ];
  // The header comments open the first document; the others follow a `---` each.
  const yaml = `${header.join("\n")}\n${objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n")}`;
  if (opts.out === undefined || opts.out === "-") return out(yaml.trimEnd());
  try {
    writeFileSync(opts.out, yaml);
  } catch (e) {
    throw new CliError(`--out ${opts.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  out(`wrote ${objects.length} Stack objects to ${opts.out}`);
}
