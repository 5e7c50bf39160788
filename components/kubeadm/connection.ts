// SSH connections to the machines, and each connection's generation: a fingerprint of where and
// how a step connects. pulumi-command replaces a command when its connection changes (a rotated
// key, another user), and replacing runs the old command's `delete`. Destructive deletes (reset,
// drain, delete Node) therefore act only if the machine (or Node) still carries their own
// generation: a replacement's create stamps its new generation first, so the old delete stands down.
import { createHash } from "node:crypto";
import type { remote } from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";

export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

type ConnectionArgs = remote.CommandArgs["connection"];

export function connectionTo(t: SshTarget, privateKey: pulumi.Output<string>): ConnectionArgs {
  return { host: t.host, port: t.port, user: t.user, privateKey: pulumi.secret(privateKey) };
}

/** 16 hex digits of SHA-256 over host, port, user and the key's own SHA-256: identifies the connection, reveals nothing of the key. */
export function generationOf(t: SshTarget, privateKey: pulumi.Output<string>): pulumi.Output<string> {
  return pulumi.unsecret(
    privateKey.apply((key) => {
      const keyDigest = createHash("sha256").update(key).digest("hex");
      return createHash("sha256").update(`${t.host}\n${t.port}\n${t.user}\n${keyDigest}`).digest("hex").slice(0, 16);
    }),
  );
}

/** Where the bootstrap step of a machine records which generation bootstrapped it. */
export const MACHINE_GENERATION_FILE = "/etc/kubernetes/clusterfleet/bootstrap.generation";
/** The Node annotation carrying the generation of the cluster-wide steps that admitted the node. */
export const ADMIN_GENERATION_ANNOTATION = "clusterfleet.dev/admin-generation";
