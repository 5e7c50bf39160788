// Property values as the engine sends them to a provider that accepts secrets: a secret is an object
// carrying Pulumi's secret signature, an unknown (during preview) a fixed UUID string.
// https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/runtime/rpc.ts (specialSigKey, unknownValue)
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

/** The plain values inside secrets, for computing outputs; the secrets themselves are passed back untouched. */
export function reveal(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reveal);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SIG] === SECRET) return reveal(o["value"]);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, reveal(x)]));
  }
  return v;
}

/** Wraps a value as a secret on the wire. */
export const secretValue = (value: unknown): Record<string, unknown> => ({ [SIG]: SECRET, value });
