// What Google Cloud would compute for the resources clusterfleet:gcp:GkeCluster creates, and the
// answers to the two provider functions it calls. Values follow the real formats (resource paths,
// self links, GKE versions, a numeric project number) and are derived from the inputs only, so a
// run is deterministic and two runs of the same plan compare equal.
import { createHash } from "node:crypto";
import "../ha-facts/gcp.ts";
import { registerComputedState, registerInvokeAnswers } from "../mock-state.ts";

const COMPUTE = "https://www.googleapis.com/compute/v1";
const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const digest = (text: string): string => createHash("sha256").update(text).digest("hex");

/** A stable 12-digit project number for a project ID (real numbers are 12 digits too). */
export function mockProjectNumber(projectId: string): string {
  return (BigInt(`0x${digest(projectId).slice(0, 15)}`) % 900_000_000_000n + 100_000_000_000n).toString();
}

/** The patch GKE would pick for a minor ("1.35" → "1.35.4-gke.1120000"); exact versions pass through. */
export function mockGkeVersion(version: string): string {
  return /^\d+\.\d+$/.test(version) ? `${version}.4-gke.1120000` : version;
}

/** A private IP for the control plane's private endpoint; a documentation-range IP for the public one. */
function endpointOf(name: string, isPrivate: boolean): string {
  const h = digest(name);
  const a = parseInt(h.slice(0, 2), 16);
  const b = parseInt(h.slice(2, 4), 16) % 254 + 1;
  return isPrivate ? `10.${a}.${b}.2` : `203.0.113.${b}`;
}

const FAKE_CA = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIBmockGKEclusterCA\n-----END CERTIFICATE-----\n").toString("base64");

/** Control-plane versions by `<project>/<cluster>`, so a pool reports the version GKE would give it. */
const masterVersions = new Map<string, string>();

registerComputedState({
  "gcp:compute/network:Network": (_n, i) => ({
    selfLink: `${COMPUTE}/projects/${str(i["project"])}/global/networks/${str(i["name"])}`,
    numericId: BigInt(`0x${digest(str(i["name"])).slice(0, 12)}`).toString(),
  }),
  "gcp:compute/subnetwork:Subnetwork": (_n, i) => ({
    selfLink: `${COMPUTE}/projects/${str(i["project"])}/regions/${str(i["region"])}/subnetworks/${str(i["name"])}`,
    gatewayAddress: str(i["ipCidrRange"]).replace(/\.\d+\/\d+$/, ".1"),
  }),
  "gcp:compute/router:Router": (_n, i) => ({
    selfLink: `${COMPUTE}/projects/${str(i["project"])}/regions/${str(i["region"])}/routers/${str(i["name"])}`,
  }),
  "gcp:kms/cryptoKey:CryptoKey": () => ({ primaries: [{ name: "1", state: "ENABLED" }] }),
  "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": (n) => ({ etag: `BwY${digest(n).slice(0, 8)}` }),
  "gcp:projects/iAMMember:IAMMember": (n) => ({ etag: `BwY${digest(n).slice(0, 8)}` }),
  "gcp:serviceaccount/account:Account": (_n, i) => {
    const email = `${str(i["accountId"])}@${str(i["project"])}.iam.gserviceaccount.com`;
    return {
      email,
      member: `serviceAccount:${email}`,
      name: `projects/${str(i["project"])}/serviceAccounts/${email}`,
      uniqueId: BigInt(`0x${digest(email).slice(0, 15)}`).toString(),
    };
  },
  "gcp:container/cluster:Cluster": (n, i) => {
    const pcc = (i["privateClusterConfig"] ?? {}) as Record<string, unknown>;
    masterVersions.set(`${str(i["project"])}/${str(i["name"])}`, mockGkeVersion(str(i["minMasterVersion"], "1.35")));
    const privateEndpoint = endpointOf(n, true);
    const publicEndpoint = endpointOf(n, false);
    return {
      endpoint: pcc["enablePrivateEndpoint"] ? privateEndpoint : publicEndpoint,
      masterVersion: mockGkeVersion(str(i["minMasterVersion"], "1.35")),
      masterAuth: { clusterCaCertificate: FAKE_CA },
      privateClusterConfig: { ...pcc, privateEndpoint, ...(pcc["enablePrivateEndpoint"] ? {} : { publicEndpoint }) },
      selfLink: `https://container.googleapis.com/v1/projects/${str(i["project"])}/locations/${str(i["location"])}/clusters/${str(i["name"])}`,
      servicesIpv4Cidr: "",
    };
  },
  // A pool that declares no version runs the control plane's (GKE creates and auto-upgrades it to that).
  "gcp:container/nodePool:NodePool": (_n, i) => ({
    version: i["version"] ?? masterVersions.get(`${str(i["project"])}/${str(i["cluster"])}`) ?? mockGkeVersion("1.35"),
    instanceGroupUrls: ((i["nodeLocations"] ?? []) as string[]).map(
      (z) => `${COMPUTE}/projects/${str(i["project"])}/zones/${z}/instanceGroupManagers/gke-${str(i["cluster"])}-${str(i["name"])}-grp`,
    ),
  }),
});

registerInvokeAnswers({
  "gcp:organizations/getProject:getProject": (i) => {
    const projectId = str(i["projectId"], "mock-project");
    const number = mockProjectNumber(projectId);
    return { id: `projects/${projectId}`, projectId, name: projectId, number, labels: {}, effectiveLabels: {} };
  },
  "gcp:container/getEngineVersions:getEngineVersions": (i) => {
    const prefix = str(i["versionPrefix"], "1.35.");
    const latest = mockGkeVersion(prefix.replace(/\.$/, ""));
    return {
      id: `${str(i["project"])}/${str(i["location"])}`,
      latestMasterVersion: latest,
      latestNodeVersion: latest,
      defaultClusterVersion: latest,
      validMasterVersions: [latest],
      validNodeVersions: [latest],
      releaseChannelDefaultVersion: {},
      releaseChannelLatestVersion: {},
      releaseChannelUpgradeTargetVersion: {},
    };
  },
});
