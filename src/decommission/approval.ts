// The decommission job's approval of a destroy, bound to one run of the job. The job writes it to
// the stack config (`clusterfleet:decommission`) and passes its run id to the Pulumi CLI it starts
// (environment variable CLUSTERFLEET_DECOMMISSION_RUN); the program honours it only in a process
// that carries the same run id, before it expires, and never for a time later than the real clock.
// A job killed between setting the config and restoring it therefore leaves an approval no later
// `pulumi up` accepts: that update keeps the due clusters drained and warns.
// Pure: the program passes the environment value and the clock in.

export const APPROVAL_CONFIG_KEY = "clusterfleet:decommission";
export const APPROVAL_ENV = "CLUSTERFLEET_DECOMMISSION_RUN";
/** How long after the job writes it an approval is honoured: enough for `pulumi up` to start its program. */
export const APPROVAL_TTL_SECONDS = 30 * 60;

export interface Approval {
  /** The job's run id; the program must see the same one in its environment. */
  readonly run: string;
  /** The due clusters the job cleaned up and approves for destruction. */
  readonly clusters: readonly string[];
  /** The time the job planned as of (ISO): the program plans as of the same time. */
  readonly now: string;
  /** After this (ISO, by the real clock) the approval is void. */
  readonly expires: string;
}

export function makeApproval(run: string, clusters: readonly string[], now: Date, issuedAt: Date): Approval {
  return { run, clusters: [...clusters], now: now.toISOString(), expires: new Date(issuedAt.getTime() + APPROVAL_TTL_SECONDS * 1000).toISOString() };
}

export type ApprovalCheck =
  | { readonly kind: "none" }
  | { readonly kind: "approved"; readonly clusters: readonly string[]; readonly now: Date }
  /** Present but not for this run: no cluster is destroyed; `reason` says why and what to do. */
  | { readonly kind: "ignored"; readonly reason: string };

const CLEAR = `nothing is destroyed; remove it with \`pulumi config rm ${APPROVAL_CONFIG_KEY}\` if no decommission job is running`;

/**
 * Whether the config value approves destroys in this process. `runInEnv` is the value of
 * CLUSTERFLEET_DECOMMISSION_RUN; `clock` is the real time (not `clusterfleet:now`).
 */
export function checkApproval(value: unknown, runInEnv: string | undefined, clock: Date): ApprovalCheck {
  if (value === undefined || value === null || value === "") return { kind: "none" };
  const a = readApproval(value);
  if (!a) return { kind: "ignored", reason: `${APPROVAL_CONFIG_KEY} is set but is not an approval bound to a decommission run (set by hand or by an older job): ${CLEAR}` };
  if (runInEnv !== a.run) {
    return { kind: "ignored", reason: `${APPROVAL_CONFIG_KEY} belongs to decommission run ${a.run}, not to this update (a job that was interrupted?): ${CLEAR}` };
  }
  if (clock.getTime() > Date.parse(a.expires)) return { kind: "ignored", reason: `${APPROVAL_CONFIG_KEY} of run ${a.run} expired at ${a.expires}: ${CLEAR}` };
  if (Date.parse(a.now) > clock.getTime()) {
    return { kind: "ignored", reason: `${APPROVAL_CONFIG_KEY} of run ${a.run} plans as of ${a.now}, later than the current time ${clock.toISOString()}: a date may not be moved forward; ${CLEAR}` };
  }
  return { kind: "approved", clusters: a.clusters, now: new Date(a.now) };
}

function readApproval(value: unknown): Approval | undefined {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const ok =
    typeof o["run"] === "string" &&
    o["run"] !== "" &&
    Array.isArray(o["clusters"]) &&
    o["clusters"].every((c) => typeof c === "string") &&
    typeof o["now"] === "string" &&
    !Number.isNaN(Date.parse(o["now"])) &&
    typeof o["expires"] === "string" &&
    !Number.isNaN(Date.parse(o["expires"]));
  return ok ? (o as unknown as Approval) : undefined;
}
