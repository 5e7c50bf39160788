// A TEST STAND-IN for a cloud provider plugin (AWS, GCP, Azure Native, random, TLS, Command): the real
// plugins cannot be built from the Go module proxy, and there is no cloud account here. It speaks the
// real provider protocol to the real Pulumi engine (`@pulumi/pulumi/provider`'s `main`), so the engine,
// its checkpoints, diffs, secrets and deletes run for real; only the cloud's answers are made up:
// - Check refuses properties the type does not declare and required ones left out (read from the
//   provider SDK's own declarations), as the real provider's Check would;
// - Create answers the inputs plus deterministic outputs (IDs, ARNs, IPs, endpoints) derived from the
//   inputs, by the same tables `clusterfleet preview` uses offline (src/preview/mocks);
// - Diff compares inputs, so a second `pulumi up` of the same program shows no change when, and only
//   when, the program asks for the same thing again;
// - Delete and every create/update are recorded, one JSON line each, in $CLUSTERFLEET_STANDIN_LOG;
// - invokes (data sources) are answered from the same tables; an unknown one fails, as a missing
//   cloud permission would.
// Never shipped, never registered as a real provider: it lives under test/ and runs only in the engine tests.
import { appendFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type * as provider from "@pulumi/pulumi/provider/index.js";
import { computedState, invokeAnswers } from "../../../src/preview/mock-state.ts";
import "../../../src/preview/mocks/index.ts";
import { declaredInputs } from "./declared-inputs.ts";
import { standinInvokeOverrides, standinOverrides } from "./overrides.ts";
import { isUnknown, reveal } from "./wire.ts";

/**
 * Outputs key that keeps the inputs the resource was made with: outputs lay computed values over some
 * inputs (an EKS cluster's vpcConfig gains its security group), so Diff compares inputs with inputs,
 * as a real provider's schema-aware diff does.
 */
const INPUTS = "__standinInputs";

export function standinProvider(pkg: string, version: string): provider.Provider {
  const log = (entry: Record<string, unknown>) => {
    const file = process.env["CLUSTERFLEET_STANDIN_LOG"];
    if (file) appendFileSync(file, `${JSON.stringify({ provider: pkg, ...entry })}\n`);
  };
  const outputsOf = (urn: string, inputs: Record<string, unknown>) => {
    const { type, name } = parseUrn(urn);
    const plain = reveal(inputs) as Record<string, unknown>;
    const computed = { ...(computedState[type]?.(name, plain) ?? {}), ...(standinOverrides[type]?.(name, plain) ?? {}) };
    // As `clusterfleet preview`'s mocks do: the inputs, with what the cloud computes laid over them.
    return { ...inputs, ...computed, [INPUTS]: inputs };
  };
  return {
    version,
    async check(urn, _olds, news) {
      const { type } = parseUrn(urn);
      const declared = declaredInputs(type);
      const failures: provider.CheckFailure[] = [];
      if (declared) {
        for (const key of Object.keys(news)) {
          if (!declared.all.has(key)) failures.push({ property: key, reason: `${type} has no input "${key}" (stand-in: read from the SDK's declarations)` });
        }
        for (const key of declared.required) {
          if (news[key] === undefined || news[key] === null) failures.push({ property: key, reason: `${type} requires "${key}"` });
        }
      }
      return { inputs: news, failures };
    },
    async diff(_id, _urn, olds, news) {
      const before = (olds[INPUTS] ?? olds) as Record<string, unknown>;
      const changed = [...new Set([...Object.keys(before), ...Object.keys(news)])].filter((k) => isUnknown(news[k]) || !sameValue(before[k], news[k]));
      return { changes: changed.length > 0, replaces: [] };
    },
    async create(urn, inputs) {
      const id = `${parseUrn(urn).name}-${hash(urn).slice(0, 8)}`;
      log({ op: "create", urn, id });
      return { id, outs: outputsOf(urn, inputs) };
    },
    async update(id, urn, _olds, news) {
      log({ op: "update", urn, id });
      return { outs: outputsOf(urn, news) };
    },
    async read(id, _urn, props) {
      return { id, props };
    },
    async delete(id, urn) {
      log({ op: "delete", urn, id });
    },
    async invoke(token, inputs) {
      const plain = reveal(inputs) as Record<string, unknown>;
      const overridden = standinInvokeOverrides[token]?.(plain);
      if (overridden) return { outputs: overridden };
      const answer = invokeAnswers[token];
      if (!answer) return { failures: [{ property: "", reason: `stand-in ${pkg} has no answer for ${token}` }] };
      return { outputs: answer(plain) };
    },
  };
}

function parseUrn(urn: string): { type: string; name: string } {
  // urn:pulumi:<stack>::<project>::<parent types$>type::name
  const parts = urn.split("::");
  const types = parts[2] ?? "";
  return { type: types.slice(types.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
  return v;
}

export const hash = (text: string): string => createHash("sha256").update(text).digest("hex");
