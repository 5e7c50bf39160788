// Pulumi's wire encoding of inputs and outputs, decoded for reading: secrets become SecretValue
// (printed "[secret]"), resource references their URN, unknowns UNKNOWN.
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_VALUE = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A value that was marked secret on the wire. Serialises as "[secret]", never as its content. */
export class SecretValue {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
  toJSON(): string {
    return "[secret]";
  }
}

export const UNKNOWN = "[unknown]";

/** The value with every secret in clear: what a StackReference or `pulumi stack output --show-secrets` reads. */
export function revealSecrets(v: unknown): unknown {
  if (v instanceof SecretValue) return revealSecrets(v.value);
  if (Array.isArray(v)) return v.map(revealSecrets);
  return v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revealSecrets(x)])) : v;
}

export function decodeWire(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeWire);
  if (v === UNKNOWN_VALUE) return UNKNOWN;
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  switch (o[SIG]) {
    case SECRET:
      return new SecretValue(decodeWire(o["value"]));
    case RESOURCE:
      return o["urn"];
    case OUTPUT_VALUE: {
      const inner = "value" in o ? decodeWire(o["value"]) : UNKNOWN;
      return o["secret"] ? new SecretValue(inner) : inner;
    }
    default:
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeWire(x)]));
  }
}

/** Every SecretValue's content found anywhere inside `v`. */
export function secretsIn(v: unknown, out: unknown[] = []): unknown[] {
  if (v instanceof SecretValue) out.push(v.value);
  else if (Array.isArray(v)) for (const x of v) secretsIn(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) secretsIn(x, out);
  return out;
}

/** Every plain string inside `v` that is not wrapped in a SecretValue. */
export function plainStringsIn(v: unknown, out: string[] = []): string[] {
  if (v instanceof SecretValue) return out;
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) plainStringsIn(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) plainStringsIn(x, out);
  return out;
}
