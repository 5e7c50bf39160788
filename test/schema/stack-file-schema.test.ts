// The stack-file schema editors validate against: whole Pulumi.<stack>.yaml files, strict Ajv
// (unknown keywords and formats refuse the schema), and one mistake reported as one mistake at its path.
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { CIDR_V4_PATTERN } from "../../src/schema/editor-schema.ts";
import { stackFileJsonSchema } from "../../src/schema/stack-file-schema.ts";
import { baseFleet, STACKS, stackFile } from "../fixtures/fleets.ts";

// Formats of JSON Schema itself (2020-12 "Defined Formats"), which editors check; any other would be
// unknown to them and refused by strict Ajv, so the test registers exactly these and no more.
const STANDARD_FORMATS = ["date", "date-time", "uri", "uuid", "ipv4", "email"];
const ajv = new Ajv2020({ strict: true, allErrors: true });
for (const f of STANDARD_FORMATS) ajv.addFormat(f, true);
const validate = ajv.compile(stackFileJsonSchema());

const FLEET = "/config/clusterfleet:fleet";
function errorsOf(doc: unknown): ErrorObject[] {
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
const withFleet = (fleet: unknown, config: Record<string, unknown> = {}) => ({ config: { "clusterfleet:fleet": fleet, ...config } });

describe("the stack-file schema", () => {
  it("compiles under strict Ajv, using only standard formats", () => {
    const formats = new Set<string>();
    JSON.stringify(stackFileJsonSchema(), (k, v: unknown) => (k === "format" && typeof v === "string" && formats.add(v), v));
    expect([...formats].filter((f) => !STANDARD_FORMATS.includes(f))).toEqual([]);
  });

  it.each(STACKS)("accepts the shipped stack file Pulumi.%s.yaml", (stack) => {
    const { config } = stackFile(stack);
    expect(errorsOf({ config })).toEqual([]);
  });

  it("accepts the stack settings Pulumi writes, and secrets as plain text or { secure }", () => {
    const doc = { secretsprovider: "passphrase", encryptionsalt: "v1:abc", ...withFleet(baseFleet(), { "clusterfleet:ssh-key-eu-dc": { secure: "v1:xyz" }, "clusterfleet:kubeconfig-old": "apiVersion: v1", "aws:region": "eu-central-1", "clusterfleet:readPreviousDeployment": "false", "clusterfleet:health": { "eu-aws": true } }) };
    expect(errorsOf(doc)).toEqual([]);
  });

  it("accepts a shard stack's file as `clusterfleet up` writes it, and refuses passed outputs in the wrong shape", () => {
    const shardConfig = { "clusterfleet:shard": "fabric-ap-aws-sin", "clusterfleet:shardOutputs": { "cluster-ap-aws-sin": { fabricEnd: { vpcId: "vpc-1" } } }, "clusterfleet:shardSecrets": { secure: "v1:xyz" }, "clusterfleet:observed": { clusters: {} } };
    expect(errorsOf({ encryptionsalt: "v1:abc", ...withFleet(baseFleet(), shardConfig) })).toEqual([]);
    expect(errorsOf(withFleet(baseFleet(), { ...shardConfig, "clusterfleet:shardOutputs": { "cluster-ap-aws-sin": "vpc-1" } })).map((e) => e.instancePath)).toEqual(["/config/clusterfleet:shardOutputs/cluster-ap-aws-sin"]);
  });

  it("reports a misspelt field of an AWS cluster once, at that cluster", () => {
    const spec = baseFleet();
    spec.clusters[0].nodePool = spec.clusters[0].nodePools;
    const errors = errorsOf(withFleet(spec));
    const extra = errors.filter((e) => e.keyword === "additionalProperties");
    expect(extra.map((e) => [e.instancePath, e.params["additionalProperty"]])).toEqual([[`${FLEET}/clusters/0`, "nodePool"]]);
    // Besides it, only the if/then that selected the AWS branch (no other provider's complaints).
    expect(errors.filter((e) => e.keyword !== "additionalProperties").map((e) => e.keyword)).toEqual(["if"]);
    expect(errors.length).toBeLessThanOrEqual(2);
  });

  it("reports an unknown provider once, listing the providers", () => {
    const spec = baseFleet();
    spec.clusters[1].provider = "gke";
    const errors = errorsOf(withFleet(spec));
    expect(errors.map((e) => [e.instancePath, e.keyword])).toEqual([[`${FLEET}/clusters/1/provider`, "enum"]]);
    expect(errors[0]!.params["allowedValues"]).toEqual(["aws", "gcp", "azure", "kubeadm", "existing"]);
  });

  it("checks CIDRs by pattern (no unknown format), at their path", () => {
    const spec = baseFleet();
    spec.clusters[0].network = { cidr: "10.0.0.0/33" };
    const errors = errorsOf(withFleet(spec));
    expect(errors.find((e) => e.keyword === "pattern")?.instancePath).toBe(`${FLEET}/clusters/0/network/cidr`);
    const cidr = new RegExp(CIDR_V4_PATTERN);
    expect(["10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "10.1.2.3/32"].every((c) => cidr.test(c))).toBe(true);
    expect(["10.0.0.0/33", "256.0.0.0/8", "10.0.0.0", "10.0.0/8"].some((c) => cidr.test(c))).toBe(false);
  });

  it("refuses a file without the fleet, an unknown file key and a secret in the wrong shape", () => {
    expect(errorsOf({ config: {} }).map((e) => [e.instancePath, e.params["missingProperty"]])).toEqual([["/config", "clusterfleet:fleet"]]);
    expect(errorsOf({ ...withFleet(baseFleet()), secretprovider: "x" }).map((e) => [e.instancePath, e.params["additionalProperty"]])).toEqual([["", "secretprovider"]]);
    expect(errorsOf(withFleet(baseFleet(), { "clusterfleet:ssh-key-eu-dc": { secret: "v1:xyz" } })).map((e) => e.instancePath)).toContain("/config/clusterfleet:ssh-key-eu-dc");
  });
});
