// `clusterfleet operator`: one Pulumi Kubernetes Operator Stack per shard, each valid against the
// operator's own CRD (v2.9.0, test/fixtures/operator), in the shard order, with the shard selected,
// its state kept where its jurisdiction says, and never destroyed on delete.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { main } from "../../src/cli/main.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { shardStackName } from "../../src/plan/shard-names.ts";
import type { FleetPlan } from "../../src/plan/types.ts";
import { operatorStacks, stackObjectName, type OperatorOptions } from "../../src/shards/operator-stack.ts";
import { closedSchema } from "../fixtures/kube-schemas.ts";
import { NOW, ROOT, stackFile } from "../fixtures/fleets.ts";

type Json = Record<string, any>;

const crd = parse(readFileSync(join(ROOT, "test", "fixtures", "operator", "pulumi.com_stacks.yaml"), "utf8")) as Json;
const v1 = (crd["spec"].versions as Json[]).find((v) => v["name"] === "v1" && v["served"] && v["storage"])!;
// Closed: the API server prunes unknown fields of a structural schema, so a misspelt field would be lost silently.
const validateStack = new Ajv({ allErrors: true, strict: false, logger: false, formats: { int64: true, "date-time": true } }).compile(closedSchema(v1["schema"].openAPIV3Schema as Json));
const problems = (o: unknown) => (validateStack(o) ? [] : validateStack.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const REPO = ["--project-repo", "https://github.com/acme/fleet.git"];
const globalPlan = planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW });

describe("clusterfleet operator --stack global", async () => {
  const r = await cli("operator", "--stack", "global", ...REPO, "--namespace", "fleet-runs", "--resync-seconds", "900");
  const docs = parseAllDocuments(r.out).map((d) => d.toJS() as Json);
  const byShard = new Map(docs.map((d) => [d["metadata"].annotations["clusterfleet.io/shard"] as string, d]));

  it("emits one pulumi.com/v1 Stack per shard, each valid against the operator's CRD", () => {
    expect(r.code).toBe(0);
    expect(docs.map((d) => d["metadata"].annotations["clusterfleet.io/shard"])).toEqual(globalPlan.shards!.map((s) => s.name));
    for (const d of docs) {
      expect([d["apiVersion"], d["kind"], d["metadata"].namespace]).toEqual(["pulumi.com/v1", "Stack", "fleet-runs"]);
      expect(problems(d), d["metadata"].name).toEqual([]);
    }
  });

  it("names each shard's Pulumi stack <stack>.<shard>, selects the shard in its config, and keeps the fleet", () => {
    for (const s of globalPlan.shards!) {
      const spec = byShard.get(s.name)!["spec"];
      expect(spec.stack).toBe(shardStackName("global", s.name));
      expect(spec.stack).toBe(`global.${s.name}`);
      expect(spec.config["clusterfleet:shard"]).toBe(s.name);
      expect(spec.config["clusterfleet:fleet"]).toEqual(stackFile("global").spec);
    }
  });

  it("holds each shard until the shards it comes after have succeeded (prerequisites by Stack object name)", () => {
    const names = new Set(docs.map((d) => d["metadata"].name));
    for (const s of globalPlan.shards!) {
      const prerequisites = (byShard.get(s.name)!["spec"].prerequisites as { name: string }[]).map((p) => p.name);
      expect(prerequisites).toEqual(s.after.map((a) => stackObjectName("global", a)));
      for (const p of prerequisites) expect(names).toContain(p);
    }
  });

  it("never destroys on delete, resyncs for drift, and places the workspace in the shard's network", () => {
    for (const d of docs) expect(d["spec"]).toMatchObject({ destroyOnFinalize: false, refresh: true, continueResyncOnCommitMatch: true, resyncFrequencySeconds: 900 });
    const pod = byShard.get("cluster-eu-aws-fra")!["spec"].workspaceTemplate.spec.podTemplate.spec;
    expect(pod.nodeSelector).toEqual({ "clusterfleet.io/network": "eu-aws-fra" });
    expect(byShard.get("fabric-eu-aws-dub-dev")!["spec"].workspaceTemplate.spec.podTemplate.spec.nodeSelector).toEqual({ "clusterfleet.io/jurisdiction": "eu" });
  });

  it("gives each shard the credentials of the clouds it calls, as Secret refs", () => {
    const env = (shard: string) => byShard.get(shard)!["spec"].envRefs as Json;
    expect(Object.keys(env("cluster-eu-aws-fra")).sort()).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "PULUMI_ACCESS_TOKEN"]);
    expect(env("cluster-eu-aws-fra")["AWS_ACCESS_KEY_ID"]).toEqual({ type: "Secret", secret: { name: "clusterfleet-eu-aws", key: "AWS_ACCESS_KEY_ID" } });
    expect(Object.keys(env("cluster-eu-gcp-bru"))).toContain("GOOGLE_CREDENTIALS");
    expect(Object.keys(env("cluster-eu-azure-ams"))).toEqual(expect.arrayContaining(["ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_TENANT_ID", "ARM_SUBSCRIPTION_ID"]));
    // The US–APAC fabric gets credentials of its own, for both consenting jurisdictions.
    expect(env("fabric-ap-aws-sin")["AWS_ACCESS_KEY_ID"].secret.name).toBe("clusterfleet-apac-us-aws");
    expect(Object.keys(env("mesh-identity-eu"))).toEqual(["PULUMI_ACCESS_TOKEN"]);
  });
});

describe("operator Stack objects with declared state backends", () => {
  const spec = structuredClone(stackFile("global").spec) as Json;
  spec["jurisdictions"].eu.stateBackend = "s3://acme-state-eu?region=eu-central-1";
  spec["jurisdictions"].apac.stateBackend = "azblob://acme-state-apac";
  const plan: FleetPlan = planFleet(spec, defaultCatalog, undefined, { now: NOW });
  const opts: OperatorOptions = { stack: "global", namespace: "clusterfleet", projectRepo: "https://github.com/acme/fleet.git", branch: "main", resyncSeconds: 3600, config: { "clusterfleet:fleet": spec } };
  const objects = operatorStacks(plan, opts) as Json[];
  const of = (shard: string) => objects.find((o) => o["metadata"].annotations["clusterfleet.io/shard"] === shard)!["spec"];

  it("sets spec.backend per jurisdiction, with the passphrase and the bucket's credentials", () => {
    expect(of("cluster-eu-aws-fra").backend).toBe("s3://acme-state-eu?region=eu-central-1");
    expect(of("cluster-eu-aws-fra").envRefs["PULUMI_CONFIG_PASSPHRASE"].secret).toEqual({ name: "clusterfleet-eu-state", key: "PULUMI_CONFIG_PASSPHRASE" });
    // A GCP cluster in the EU reaches the S3 bucket with the EU state Secret's AWS keys.
    expect(of("cluster-eu-gcp-bru").envRefs["AWS_ACCESS_KEY_ID"].secret.name).toBe("clusterfleet-eu-state");
    expect(of("cluster-ap-gcp-tyo").backend).toBe("azblob://acme-state-apac");
    expect(Object.keys(of("cluster-ap-gcp-tyo").envRefs)).toEqual(expect.arrayContaining(["AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY"]));
    // The US declares none: the operator's default backend, with a Pulumi access token.
    expect(of("cluster-us-aws-iad").backend).toBeUndefined();
    expect(Object.keys(of("cluster-us-aws-iad").envRefs)).toContain("PULUMI_ACCESS_TOKEN");
    for (const o of objects) expect(problems(o)).toEqual([]);
  });

  it("validation catches a wrong field: a misspelt one, and a ref without its type", () => {
    const wrong = structuredClone(objects[0]!);
    wrong["spec"].destroyOnFinalise = false;
    expect(problems(wrong).join("\n")).toMatch(/additionalProperty.*destroyOnFinalise/);
    // A shard on the operator's default backend (the US declares none) authenticates with a token.
    const untyped = structuredClone(objects.find((o) => o["metadata"].annotations["clusterfleet.io/shard"] === "cluster-us-aws-iad")!);
    delete untyped["spec"].envRefs.PULUMI_ACCESS_TOKEN.type;
    expect(problems(untyped).join("\n")).toMatch(/envRefs\/PULUMI_ACCESS_TOKEN must have required property 'type'/);
  });

  it("keeps every Stack object's name a DNS-1035 label that leaves room for the operator's `-workspace` children", () => {
    const long = stackObjectName("a-very-long-stack-name-for-a-fleet", "mesh-a-cluster-with-a-long-name--another-long-cluster-name");
    expect(long.length).toBeLessThanOrEqual(42);
    expect(long).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(stackObjectName("global", "mesh-a--b-c")).not.toBe(stackObjectName("global", "mesh-a-b--c"));
  });
});

describe("clusterfleet operator: bad input", () => {
  it.each([
    [["--stack", "nope", ...REPO], 1, /--stack nope: .*Pulumi\.nope\.yaml does not exist/],
    [["--stack", "global"], 2, /--project-repo URL/],
    [["--stack", "global", ...REPO, "--resync-seconds", "30"], 2, /--resync-seconds: got "30"; .*at least 60/],
    [["--stack", "global", ...REPO, "--namespace", "Fleet_Runs"], 2, /--namespace: got "Fleet_Runs"/],
    [[...REPO], 2, /operator needs --stack NAME/],
  ])("%j exits %i with a message naming the option", async (argv, code, message) => {
    const r = await cli("operator", ...argv);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });
});
