// Wave gates: an upgrade in a wave starts only when every serving cluster of the earlier waves
// runs its target version (control plane and node pools) and, where the wave names the gate
// `healthy`, is reported healthy. Computed from the spec and the observed deployment before any
// cluster is resolved, so a held cluster keeps its control plane and its node pools as they are.
import type { ClusterSpec } from "../spec/cluster.ts";
import type { PlanContext } from "./context.ts";
import { formatMinor } from "./versions.ts";

interface Lag {
  readonly cluster: string;
  readonly why: string;
}

function targetOf(ctx: PlanContext, c: ClusterSpec): string {
  return c.kubernetesVersion ?? ctx.spec.defaults.kubernetesVersion;
}

/** Why a serving cluster is not done with its rollout yet, or undefined when it is. */
function lagOf(ctx: PlanContext, c: ClusterSpec, gated: boolean): string | undefined {
  const o = ctx.observed?.clusters[c.name];
  const target = targetOf(ctx, c);
  if (!o?.kubernetesVersion) return "not deployed yet";
  const current = formatMinor(o.kubernetesVersion);
  if (current !== target) return `at ${current}, target ${target}`;
  for (const p of c.nodePools) {
    const poolTarget = p.kubernetesVersion ?? target;
    const poolNow = o.nodePools?.[p.name]?.kubernetesVersion;
    if (!poolNow || formatMinor(poolNow) !== poolTarget) return `node pool ${p.name} at ${poolNow ? formatMinor(poolNow) : "nothing"}, target ${poolTarget}`;
  }
  if (gated && o.healthy !== true) return o.healthy === false ? "reported unhealthy" : "not reported healthy";
  return undefined;
}

export function computeWaveHolds(ctx: PlanContext): Map<string, { reason: string; message: string }> {
  const holds = new Map<string, { reason: string; message: string }>();
  const waveOf = (c: ClusterSpec) => (c.wave === undefined ? ctx.waves.length - 1 : ctx.waves.findIndex((w) => w.name === c.wave));
  // Adopted (`existing`) clusters take no part: ClusterFleet never upgrades them, so a wave would wait
  // for them forever, and there is nothing of theirs to hold.
  const serving = ctx.spec.clusters.filter((c) => c.lifecycle.state === "active" && c.provider !== "existing");
  // The first earlier wave that is not done, for each wave index.
  const blocking: ({ wave: string; lags: Lag[]; health: boolean } | undefined)[] = [];
  let firstOpen: { wave: string; lags: Lag[]; health: boolean } | undefined;
  ctx.waves.forEach((w, i) => {
    blocking[i] = firstOpen;
    if (firstOpen) return;
    const gated = w.gate === "healthy";
    const lags = serving
      .filter((c) => waveOf(c) === i)
      .flatMap((c) => {
        const why = lagOf(ctx, c, gated);
        return why ? [{ cluster: c.name, why }] : [];
      });
    if (lags.length) firstOpen = { wave: w.name, lags, health: lags.some((l) => l.why.includes("healthy")) };
  });
  for (const c of serving) {
    const i = waveOf(c);
    const block = i >= 0 ? blocking[i] : undefined;
    if (!block) continue;
    const shown = block.lags.slice(0, 3).map((l) => `${l.cluster} ${l.why}`).join("; ");
    const more = block.lags.length > 3 ? `; and ${block.lags.length - 3} more` : "";
    holds.set(c.name, {
      reason: block.health && block.lags.every((l) => l.why.includes("healthy")) ? "WaitingForHealth" : "WaitingForEarlierWave",
      message: `waits for wave ${block.wave} to finish: ${shown}${more}`,
    });
  }
  return holds;
}
