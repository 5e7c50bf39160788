// Resolves a Pulumi type token to the provider SDK class that registers it, for the flat
// baseline: "aws:ec2/vpc:Vpc" → @pulumi/aws/ec2 Vpc, "pulumi:providers:gcp" → @pulumi/gcp Provider.
import type * as pulumi from "@pulumi/pulumi";

type ResourceClass = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

const PACKAGES: Record<string, string> = {
  aws: "@pulumi/aws",
  gcp: "@pulumi/gcp",
  "azure-native": "@pulumi/azure-native",
  kubernetes: "@pulumi/kubernetes",
  random: "@pulumi/random",
  tls: "@pulumi/tls",
  command: "@pulumi/command",
};

export async function sdkClass(type: string): Promise<ResourceClass> {
  const provider = /^pulumi:providers:(.+)$/.exec(type);
  if (provider) return (await import(`${PACKAGES[provider[1]!]}/provider.js`)).Provider as ResourceClass;
  const [pkg, mod, cls] = type.split(":") as [string, string, string];
  const base = PACKAGES[pkg];
  if (!base) throw new Error(`no SDK known for ${type}`);
  const module = mod.split("/")[0]!;
  // kubernetes tokens carry an API group and version: "kubernetes:helm.sh/v3:Release", "kubernetes:core/v1:Namespace".
  const path =
    pkg === "kubernetes"
      ? `${base}/${mod.replace("helm.sh", "helm").replace(/\.k8s\.io|\.io/g, "")}/index.js`
      : module === "index"
        ? `${base}/index.js`
        : `${base}/${module}/index.js`;
  const loaded = ((await import(path).catch(() => ({}))) as Record<string, unknown>)[cls] as ResourceClass | undefined;
  if (loaded) return loaded;
  // A kind a CRD defines has no SDK class: the SDK registers it through CustomResource (apiVersion and kind in its inputs).
  if (pkg === "kubernetes") return (await import(`${base}/apiextensions/index.js`)).CustomResource as ResourceClass;
  throw new Error(`${path} has no class ${cls} (for ${type})`);
}
