// What the mocked command and random providers return for a kubeadm cluster, as the real ones
// would: each remote command's stdout (its script's result line: the CA hash from an admit step,
// the encrypted admin kubeconfig from the read-back step), and random values of the requested
// alphabet. Deterministic, so a preview renders the same resources twice.
import { createHash } from "node:crypto";
import { stringify } from "yaml";
import { encryptLikeOpenssl } from "../../../components/kubeadm/kubeconfig.ts";
import { registerComputedState } from "../mock-state.ts";
import { decodeWire, SecretValue } from "../wire-values.ts";

/** Inputs with every secret unwrapped (the mock monitor hands them over in wire form). */
function plain(v: unknown): unknown {
  const d = decodeWire(v);
  const unwrap = (x: unknown): unknown =>
    x instanceof SecretValue ? unwrap(x.value) : Array.isArray(x) ? x.map(unwrap) : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, unwrap(y)])) : x;
  return unwrap(d);
}

/** The `# clusterfleet step=… node=…` header every ClusterFleet script starts with. */
export function stepHeader(create: unknown): Record<string, string> | undefined {
  const m = typeof create === "string" ? /# clusterfleet ([^\n']*)/.exec(create) : null;
  if (!m) return undefined;
  return Object.fromEntries(m[1]!.split(" ").map((f) => f.split("=") as [string, string]));
}

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/** A kubeconfig shaped like kubeadm's admin.conf, with obviously fake credentials. */
export function mockAdminConf(cluster: string, endpoint: string): string {
  const fake = (what: string) => Buffer.from(`mock ${what} of ${cluster} (preview)`).toString("base64");
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: cluster, cluster: { "certificate-authority-data": fake("cluster CA"), server: `https://${endpoint}` } }],
    contexts: [{ name: `kubernetes-admin@${cluster}`, context: { cluster, user: "kubernetes-admin" } }],
    "current-context": `kubernetes-admin@${cluster}`,
    preferences: {},
    users: [{ name: "kubernetes-admin", user: { "client-certificate-data": fake("admin certificate"), "client-key-data": fake("admin key") } }],
  });
}

function commandOutputs(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const i = plain(inputs) as { create?: string; stdin?: string };
  const h = stepHeader(i.create);
  switch (h?.["step"]) {
    case "admit":
      return { stdout: `sha256:${digest(`ca of ${h["cluster"]}`).toString("hex")}\n`, stderr: "" };
    case "kubeconfig": {
      const passphrase = (i.stdin ?? "").split("\n")[0] ?? "";
      return { stdout: encryptLikeOpenssl(mockAdminConf(h["cluster"] ?? name, h["endpoint"] ?? "unknown:6443"), passphrase, digest(name).subarray(0, 8)), stderr: "" };
    }
    default:
      return { stdout: h ? `${h["node"] ?? h["cluster"]}: ${h["step"]} done\n` : "", stderr: "" };
  }
}

/** random's alphabet rules: lower, upper, numeric on unless turned off; special is overrideSpecial or its default set. */
function randomOutputs(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const i = plain(inputs) as { length?: number; lower?: boolean; upper?: boolean; numeric?: boolean; special?: boolean; overrideSpecial?: string };
  const alphabet =
    (i.lower === false ? "" : "abcdefghijklmnopqrstuvwxyz") +
    (i.upper === false ? "" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ") +
    (i.numeric === false ? "" : "0123456789") +
    (i.special === false ? "" : (i.overrideSpecial ?? "!@#$%&*()-_=+[]{}<>:?"));
  let out = "";
  for (let n = 0; out.length < (i.length ?? 16); n++) for (const b of digest(`${name}#${n}`)) out += alphabet[b % alphabet.length];
  return { result: out.slice(0, i.length ?? 16) };
}

registerComputedState({
  "command:remote:Command": commandOutputs,
  "random:index/randomPassword:RandomPassword": randomOutputs,
  "random:index/randomString:RandomString": randomOutputs,
});
