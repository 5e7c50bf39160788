// The shipped EU stack through the real program: every cluster gets its pinned StorageClasses (exactly
// one default, the provider's own default un-defaulted by a patch), one ClusterSecretStore in its
// region (valid against ESO's CRD), and cloud permissions limited to its region and secret prefix;
// data-holding resources are retained, never protected. The report passes, and fails a broken stack.
import { beforeAll, describe, expect, it } from "vitest";
import { accountOfArn } from "../../../components/aws/sovereignty.ts";
import { TOKENS } from "../../../components/tokens.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import { computedState } from "../../../src/preview/mock-state.ts";
import type { RecordedResource } from "../../../src/preview/recording-monitor.ts";
import { main } from "../../../src/cli/main.ts";
import { complianceReport } from "../../../src/report/compliance.ts";
import { kubeObjects, type ObjectView } from "../../fixtures/addons-run.ts";
import { NOW, stackFile } from "../../fixtures/fleets.ts";
import { objectProblems } from "../../fixtures/kube-schemas.ts";
import { runStack } from "../../fixtures/run-stack.ts";

let run: MockRun;
let plan: FleetPlan;
beforeAll(async () => {
  plan = planFleet(stackFile("prod-eu").spec, undefined, undefined, { now: NOW });
  run = await runStack("prod-eu");
});
const of = (cluster: string, kind: string): ObjectView[] => kubeObjects(run).filter((o) => o.cluster === `acme-eu-${cluster}` && o.object["kind"] === kind && !o.resource.type.endsWith("Patch"));
const named = (type: string, suffix: string): RecordedResource => {
  const found = run.resources.filter((r) => r.type === type && r.name.endsWith(suffix));
  if (found.length !== 1) throw new Error(`expected one ${type} *${suffix}, found ${found.length}`);
  return found[0]!;
};

describe("storage classes on every cluster of prod-eu", () => {
  it.each(["eu-aws-fra", "eu-gcp-fra", "eu-azure-fra", "eu-onprem-fra"])("%s: the planned classes, valid, pinned, exactly one default", (name) => {
    const c = plan.clusters.find((x) => x.name === name)!;
    const classes = of(name, "StorageClass");
    expect(classes.map((o) => o.object["metadata"].name).sort()).toEqual(c.sovereignty.storageClasses.map((k) => k.name).sort());
    expect(classes.filter((o) => o.object["metadata"].annotations["storageclass.kubernetes.io/is-default-class"] === "true").map((o) => o.object["metadata"].name)).toEqual([c.sovereignty.defaultStorageClass]);
    for (const o of classes) {
      const planned = c.sovereignty.storageClasses.find((k) => k.name === o.object["metadata"].name)!;
      expect(objectProblems(o.object), planned.name).toEqual([]);
      expect(o.object).toMatchObject({ provisioner: planned.driver, volumeBindingMode: "WaitForFirstConsumer", reclaimPolicy: planned.reclaimPolicy, allowVolumeExpansion: true });
      expect(o.object["allowedTopologies"]).toEqual([{ matchLabelExpressions: planned.allowedTopologies }]);
      expect(o.object["metadata"].labels["clusterfleet.dev/region"]).toBe(c.region);
    }
  });

  it("un-defaults the provider's own class with a forced server-side patch, before the fleet's default exists", () => {
    for (const [cluster, provider] of [["eu-aws-fra", "gp2"], ["eu-gcp-fra", "standard-rwo"], ["eu-azure-fra", "default"]] as const) {
      const patch = kubeObjects(run).find((o) => o.cluster === `acme-eu-${cluster}` && o.resource.type === "kubernetes:storage.k8s.io/v1:StorageClassPatch")!;
      expect(patch.object["metadata"]).toMatchObject({ name: provider, annotations: { "storageclass.kubernetes.io/is-default-class": "false", "pulumi.com/patchForce": "true" } });
      const dflt = of(cluster, "StorageClass").find((o) => o.object["metadata"].annotations["storageclass.kubernetes.io/is-default-class"] === "true")!;
      expect(dflt.resource.dependsOnUrns).toContain(patch.resource.urn);
    }
    expect(kubeObjects(run).filter((o) => o.cluster === "acme-eu-eu-onprem-fra" && o.resource.type.endsWith("Patch"))).toEqual([]);
  });

  it("encrypts EKS volumes with the cluster's own retained volume key, and Azure disks with its retained disk encryption set", () => {
    const key = named("aws:kms/key:Key", "-kms-volumes");
    expect(key.inputs).toMatchObject({ multiRegion: false, enableKeyRotation: true });
    expect(key).toMatchObject({ retainOnDelete: true, protect: false });
    const keyArn = String(computedState["aws:kms/key:Key"]!(key.name, key.inputs)["arn"]);
    expect(of("eu-aws-fra", "StorageClass").map((o) => o.object["parameters"].kmsKeyId)).toEqual([keyArn, keyArn]);
    const awsProvider = run.resources.find((r) => r.type === "pulumi:providers:aws" && key.provider?.startsWith(r.urn))!;
    expect(awsProvider.inputs["region"]).toBe("eu-central-1");
    // The EBS CSI driver may use that key (grants only for AWS resources).
    const ebs = JSON.parse(String(named("aws:iam/rolePolicy:RolePolicy", "-policy-ebs-csi-kms").inputs["policy"]));
    expect(ebs.Statement.map((s: { Resource: string }) => s.Resource)).toEqual([keyArn, keyArn]);

    const des = named("azure-native:compute:DiskEncryptionSet", "-disk-encryption-set");
    expect(des.inputs).toMatchObject({ location: "germanywestcentral", encryptionType: "EncryptionAtRestWithCustomerKey", identity: { type: "SystemAssigned" } });
    expect(des).toMatchObject({ retainOnDelete: true, protect: false });
    expect(of("eu-azure-fra", "StorageClass").map((o) => o.object["parameters"].diskEncryptionSetID)).toEqual([`${des.name}-id`, `${des.name}-id`]);
    expect(named("azure-native:keyvault:Key", "-key-disk-encryption")).toMatchObject({ retainOnDelete: true, protect: false });
  });
});

describe("secrets backends", () => {
  it("one ClusterSecretStore per cluster, valid against ESO 2.9's CRD (external-secrets.io/v1), reading from the cluster's region", () => {
    const want: Record<string, (spec: any) => void> = {
      "eu-aws-fra": (p) => expect(p.aws).toEqual({ service: "SecretsManager", region: "eu-central-1", auth: { jwt: { serviceAccountRef: { name: "clusterfleet-secrets-reader", namespace: "external-secrets" } } } }),
      "eu-gcp-fra": (p) => expect(p.gcpsm).toMatchObject({ projectID: "acme-eu-prod", location: "europe-west3", auth: { workloadIdentity: { clusterLocation: "europe-west3", clusterProjectID: "acme-eu-prod" } } }),
      "eu-azure-fra": (p) => expect(p.azurekv).toMatchObject({ authType: "WorkloadIdentity", vaultUrl: expect.stringMatching(/^https:\/\/kvs-[a-z0-9]{6}-eu-azure-fra\.vault\.azure\.net\/$/), tenantId: expect.any(String) }),
      "eu-onprem-fra": (p) => expect(p.vault).toEqual({ server: "https://vault.fra-dc1.acme.example:8200", path: "kv", version: "v2", auth: { kubernetes: { mountPath: "kubernetes", role: "clusterfleet-eu-onprem-fra", serviceAccountRef: { name: "clusterfleet-secrets-reader", namespace: "external-secrets" } } } }),
    };
    for (const [cluster, check] of Object.entries(want)) {
      const stores = of(cluster, "ClusterSecretStore");
      expect(stores.map((s) => s.object["metadata"].name), cluster).toEqual(["clusterfleet"]);
      const s = stores[0]!;
      expect(objectProblems(s.object), cluster).toEqual([]);
      check(s.object["spec"].provider);
      expect(s.object["metadata"].annotations["clusterfleet.dev/backend-region"]).toBe(plan.clusters.find((c) => c.name === cluster)!.region);
      const eso = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs["chart"] === "external-secrets" && r.name.startsWith(`acme-eu-${cluster}-`))!;
      expect(s.resource.dependsOnUrns).toContain(eso.urn);
    }
    const broken = { ...of("eu-aws-fra", "ClusterSecretStore")[0]!.object, spec: { provider: { aws: { region: "eu-central-1", service: "SecretManager" } } } };
    expect(objectProblems(broken).join()).toMatch(/must be equal to one of the allowed values/);
  });

  it("AWS: External Secrets' IRSA role reads only secret:<fleet>/<cluster>/* in the cluster's region and account, no replicas", () => {
    const role = named("aws:iam/role:Role", "-role-irsa-external-secrets");
    const trust = JSON.parse(String(role.inputs["assumeRolePolicy"]));
    expect(Object.values(trust.Statement[0].Condition.StringEquals)).toContain("system:serviceaccount:external-secrets:clusterfleet-secrets-reader");
    const policy = JSON.parse(String(named("aws:iam/rolePolicy:RolePolicy", "-policy-external-secrets").inputs["policy"]));
    const oidc = run.resources.find((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider")!;
    const account = accountOfArn(String(computedState["aws:iam/openIdConnectProvider:OpenIdConnectProvider"]!(oidc.name, oidc.inputs)["arn"]));
    expect(account).toMatch(/^\d{12}$/);
    const allow = policy.Statement.filter((s: { Effect: string }) => s.Effect === "Allow");
    expect(allow.map((s: { Resource: string }) => s.Resource)).toEqual([`arn:aws:secretsmanager:eu-central-1:${account}:secret:acme-eu/eu-aws-fra/*`, `arn:aws:kms:eu-central-1:${account}:key/*`]);
    expect(allow[1].Condition).toEqual({ StringEquals: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com" } });
    expect(allow.flatMap((s: { Action: string[] }) => s.Action).every((a: string) => /^(secretsmanager:(Get|Describe|List)|kms:Decrypt$)/.test(a))).toBe(true);
    expect(policy.Statement.find((s: { Effect: string }) => s.Effect === "Deny")).toMatchObject({ Action: ["secretsmanager:ReplicateSecretToRegions"], Resource: "*" });
  });

  it("GCP: External Secrets' service account may read only its regional secrets, by condition on location and prefix", () => {
    const grant = named("gcp:projects/iAMMember:IAMMember", "-external-secrets-secret-accessor");
    expect(grant.inputs).toMatchObject({ project: "acme-eu-prod", role: "roles/secretmanager.secretAccessor" });
    expect((grant.inputs["condition"] as { expression: string }).expression).toMatch(/^resource\.name\.startsWith\("projects\/\d{12}\/locations\/europe-west3\/secrets\/acme-eu_eu-gcp-fra_"\)$/);
    expect(named("gcp:serviceaccount/iAMMember:IAMMember", "-sa-external-secrets-workload-identity").inputs).toMatchObject({ role: "roles/iam.workloadIdentityUser", member: "serviceAccount:acme-eu-prod.svc.id.goog[external-secrets/clusterfleet-secrets-reader]" });
  });

  it("Azure: a retained secrets vault in the cluster's location, read through workload identity with Key Vault Secrets User on it alone", () => {
    const vault = named("azure-native:keyvault:Vault", "-vault-secrets");
    expect(vault.inputs).toMatchObject({ location: "germanywestcentral", properties: { enableRbacAuthorization: true, enablePurgeProtection: true } });
    expect(vault).toMatchObject({ retainOnDelete: true, protect: false });
    expect(named("azure-native:managedidentity:FederatedIdentityCredential", "-identity-external-secrets-federation").inputs).toMatchObject({ subject: "system:serviceaccount:external-secrets:clusterfleet-secrets-reader", audiences: ["api://AzureADTokenExchange"] });
    const access = named("azure-native:authorization:RoleAssignment", "-role-external-secrets");
    expect(access.inputs["roleDefinitionId"]).toMatch(/\/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/);
    expect(access.dependsOnUrns).toContain(vault.urn);
    expect(access.inputs["scope"]).toBe(`${vault.name}-id`);
  });

  it("groups the cloud side under each cloud cluster, and creates no cloud resource for the kubeadm site", () => {
    const groups = run.resources.filter((r) => r.type === TOKENS.cloudSovereignty).map((r) => r.parent).sort();
    expect(groups).toEqual(["acme-eu-eu-aws-fra", "acme-eu-eu-azure-fra", "acme-eu-eu-gcp-fra"]);
  });
});

describe("admission on the API server itself", () => {
  const VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
  const RULES = ["clusterfleet-pinned-storage-classes", "clusterfleet-fleet-secret-store-only", "clusterfleet-in-cluster-generators-only"];
  const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";
  // In rule order (registration order differs: a binding waits for its policy).
  const native = (r: MockRun, cluster: string) =>
    kubeObjects(r)
      .filter((o) => o.cluster === cluster && (o.resource.type === VAP || o.resource.type === BINDING))
      .sort((a, b) => RULES.indexOf(a.object["metadata"].name) - RULES.indexOf(b.object["metadata"].name));

  it("every prod-eu cluster gets one ValidatingAdmissionPolicy and one Deny binding per rule, on its own provider, the binding after its policy", () => {
    for (const c of plan.clusters) {
      const objects = native(run, `acme-eu-${c.name}`);
      const policies = objects.filter((o) => o.resource.type === VAP);
      const bindings = objects.filter((o) => o.resource.type === BINDING);
      expect(policies.map((o) => o.object["metadata"].name), c.name).toEqual(RULES);
      expect(bindings.map((o) => [o.object["spec"].policyName, o.object["spec"].validationActions]), c.name).toEqual(RULES.map((r) => [r, ["Deny"]]));
      for (const [i, b] of bindings.entries()) expect(b.resource.dependsOnUrns).toContain(policies[i]!.resource.urn);
      for (const o of objects) expect(objectProblems(o.object), o.resource.name).toEqual([]);
      const pvcRule = policies[0]!.object["spec"];
      expect(pvcRule.failurePolicy).toBe("Fail");
      expect(pvcRule.matchConstraints.namespaceSelector.matchExpressions[0].values).toEqual(c.sovereignty.admission.exemptNamespaces);
      for (const k of c.sovereignty.storageClasses) expect(pvcRule.validations[0].expression).toContain(`'${k.name}'`);
    }
  });

  it("a cluster without a policy engine gets them too (the dev stack with policy: none), warning outside prod", async () => {
    const dev = stackFile("dev").config["clusterfleet:fleet"] as { defaults: Record<string, unknown> };
    const none = await runStack("dev", { config: { "clusterfleet:fleet": { ...dev, defaults: { ...dev.defaults, policy: "none" } } } });
    expect(kubeObjects(none).filter((o) => o.object["kind"] === "ValidatingPolicy")).toEqual([]);
    const objects = native(none, "acme-dev-sandbox");
    expect(objects.filter((o) => o.resource.type === BINDING).map((o) => [o.object["spec"].policyName, o.object["spec"].validationActions])).toEqual(RULES.map((r) => [r, ["Warn", "Audit"]]));
  });
});

describe("the compliance report", () => {
  it("passes prod-eu, as a stack output and from the CLI", async () => {
    expect(run.outputs["sovereignty"]).toEqual(complianceReport(plan));
    expect((run.outputs["sovereignty"] as { verdict: string }).verdict).toBe("pass");
    const out: string[] = [];
    expect(await main(["report", "--stack", "prod-eu", "--json"], { out: (s) => out.push(s), err: () => {}, now: () => NOW })).toBe(0);
    const report = JSON.parse(out.join("\n"));
    expect(report.clusters.map((c: { cluster: string; verdict: string; secretsBackend: { region: string }; region: string }) => [c.cluster, c.verdict, c.secretsBackend.region === c.region])).toEqual([
      ["eu-aws-fra", "pass", true],
      ["eu-azure-fra", "pass", true],
      ["eu-gcp-fra", "pass", true],
      ["eu-onprem-fra", "pass", true],
    ]);
  });

  it("fails a cluster whose plan would put data elsewhere, naming why", () => {
    const c = plan.clusters.find((x) => x.name === "eu-gcp-fra")!;
    const broken = { ...plan, clusters: plan.clusters.map((x) => (x === c ? { ...c, sovereignty: { ...c.sovereignty, secretsBackend: { ...c.sovereignty.secretsBackend!, region: "us-east4" } } } : x)) };
    const r = complianceReport(broken, [{ cluster: "eu-aws-fra", message: "kms-keys-in-cluster-region: KMS key x is in us-east-1" }]);
    expect(r.verdict).toBe("fail");
    expect(r.clusters.find((x) => x.cluster === "eu-gcp-fra")!.problems).toEqual(["secrets backend is in us-east4, not europe-west3"]);
    expect(r.clusters.find((x) => x.cluster === "eu-aws-fra")!.problems).toEqual(["policy pack: kms-keys-in-cluster-region: KMS key x is in us-east-1"]);
    expect(r.clusters.find((x) => x.cluster === "eu-onprem-fra")!.verdict).toBe("pass");
  });
});
