// The decommission job talks to three things through these small interfaces, so its decisions
// and ordering are tested without the Pulumi CLI or a cluster: the stack (Automation API), each
// cluster's API (cleanup and drain), and a lock that keeps two scheduled runs apart.
import type { StateResource } from "../plan/decommission.ts";

export interface StackPort {
  readonly name: string;
  /** The stack's config with secrets decrypted (the spec is under "clusterfleet:fleet"). */
  config(): Promise<Record<string, unknown>>;
  /** The previous deployment's outputs with secrets decrypted (`observed`, `clusters`). */
  outputs(): Promise<Record<string, unknown>>;
  /** The deployed resources (`pulumi stack export`). */
  resources(): Promise<StateResource[]>;
  /**
   * One `pulumi up` with these config values set for that update only, and these environment
   * variables given to that update's program only (the approval's run id); progress streamed line by line.
   */
  update(config: Readonly<Record<string, string>>, onOutput: (line: string) => void, env?: Readonly<Record<string, string>>): Promise<void>;
  /**
   * Before anything is touched: what the update will do beyond the stack's own resources (a sharded
   * fleet's shard stacks, in order), or why it cannot. Absent: one stack, nothing more to say.
   */
  preflight?(clusters: readonly string[], now: Date): Promise<{ readonly lines: readonly string[] } | { readonly refused: string }>;
}

export interface CleanupReport {
  /** `kind namespace/name` of every object deleted and confirmed gone. */
  readonly removed: readonly string[];
  /** What was still there when the timeout struck. */
  readonly remaining: readonly string[];
}

export interface DrainReport {
  readonly evicted: number;
  /** `namespace/pod (blocked by PodDisruptionBudget namespace/name)` for each pod that would not leave in time. */
  readonly blocked: readonly string[];
}

/** Removes what in-cluster controllers created outside Pulumi's knowledge, and drains the nodes. */
export interface ClusterCleaner {
  removeExternalResources(timeoutSeconds: number, progress: (line: string) => void): Promise<CleanupReport>;
  drainNodes(timeoutSeconds: number, progress: (line: string) => void): Promise<DrainReport>;
}

/** `kubeconfig` holds one context: the cluster's own, proven against the endpoint the stack recorded. */
export type CleanerFactory = (cluster: string, kubeconfig: string) => ClusterCleaner;

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export interface Lock {
  /** Takes the lock, or says who holds it. */
  acquire(): Promise<{ ok: true; release: () => Promise<void> } | { ok: false; holder: LockHolder }>;
}
