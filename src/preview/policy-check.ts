// Runs the sovereignty policy pack's rules over the resources a mock run recorded, as `pulumi preview
// --policy-pack policy` would over the real preview: each rule gets the resource's type, inputs
// (secrets unwrapped, as the policy SDK unwraps them), URN, name and its provider's inputs. Used by
// `clusterfleet report` and by the tests; the pack itself is policy/index.ts.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SOVEREIGNTY_POLICIES } from "../../policy/rules/index.ts";
import type { SovereigntyConfig, RuleArgs } from "../../policy/rules/regions.ts";
import { CLUSTER_TOKENS } from "./report.ts";
import type { RecordedResource } from "./recording-monitor.ts";
import { SecretValue } from "./wire-values.ts";

export interface PolicyFinding {
  readonly policy: string;
  readonly resource: string;
  readonly type: string;
  /** The cluster component (`<fleet>-<cluster>`) the resource belongs to, when it belongs to one. */
  readonly component?: string;
  readonly message: string;
}

/** Inputs as a policy sees them: secrets unwrapped. */
export function plainInputs(v: unknown): unknown {
  if (v instanceof SecretValue) return plainInputs(v.value);
  if (Array.isArray(v)) return v.map(plainInputs);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainInputs(x)]));
  return v;
}

/** The arguments a rule receives for one recorded resource. */
export function ruleArgs(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>, config: SovereigntyConfig = {}): RuleArgs {
  const providerUrn = r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : undefined;
  const provider = providerUrn ? byUrn.get(providerUrn) : undefined;
  return {
    type: r.type,
    props: plainInputs(r.inputs) as Record<string, any>,
    urn: r.urn,
    name: r.name,
    ...(provider ? { provider: { type: provider.type, props: plainInputs(provider.inputs) as Record<string, any>, urn: provider.urn, name: provider.name } } : {}),
    getConfig: <T extends object>() => config as T,
  };
}

function componentOf(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): string | undefined {
  let cur: RecordedResource | undefined = r;
  while (cur) {
    if (CLUSTER_TOKENS.has(cur.type)) return cur.name;
    cur = cur.parentUrn ? byUrn.get(cur.parentUrn) : undefined;
  }
  return undefined;
}

/** Every violation the rules report over the recorded custom resources. */
export async function checkPolicies(
  resources: readonly RecordedResource[],
  config: SovereigntyConfig = {},
  policies: readonly ResourceValidationPolicy[] = SOVEREIGNTY_POLICIES,
): Promise<PolicyFinding[]> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const findings: PolicyFinding[] = [];
  for (const r of resources.filter((x) => x.custom)) {
    const args = ruleArgs(r, byUrn, config);
    const component = componentOf(r, byUrn);
    for (const p of policies) {
      const validations = p.validateResource === undefined ? [] : Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
      for (const v of validations) {
        await v(args as never, (message) => findings.push({ policy: p.name, resource: r.name, type: r.type, ...(component ? { component } : {}), message }));
      }
    }
  }
  return findings;
}
