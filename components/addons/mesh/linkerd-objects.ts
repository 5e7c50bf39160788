// Linkerd's Kubernetes objects, built from the plan (pure). Linkerd's models are not published, so
// the Link is typed here after Linkerd's own API (controller/gen/apis/link/v1alpha3, the version
// `linkerd multicluster link-gen` writes); tests check it against that CRD's schema.
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { SecretObject } from "./istio-objects.ts";
import {
  LINKERD_GATEWAY,
  LINKERD_ISSUER_SECRET,
  LINKERD_MULTICLUSTER_NAMESPACE,
  LINKERD_NAMESPACE,
  LINKERD_REMOTE_ACCESS_SA,
  LINKERD_TRUST_DOMAIN,
} from "../values/linkerd.ts";

export const LINKERD_REMOTE_ACCESS_TOKEN = "clusterfleet-remote-access-token";
/** Secret type the service mirror reads remote kubeconfigs from. */
export const MIRROR_SECRET_TYPE = "mirror.linkerd.io/remote-kubeconfig";

interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
}

export interface LinkSpec {
  readonly targetClusterName: string;
  readonly targetClusterDomain: string;
  readonly targetClusterLinkerdNamespace: string;
  readonly clusterCredentialsSecret: string;
  readonly gatewayAddress: string;
  readonly gatewayPort: string;
  readonly gatewayIdentity: string;
  readonly probeSpec: { readonly path: string; readonly port: string; readonly period: string };
  readonly selector: LabelSelector;
  readonly remoteDiscoverySelector: LabelSelector;
  readonly federatedServiceSelector: LabelSelector;
  readonly excludedAnnotations?: readonly string[];
  readonly excludedLabels?: readonly string[];
}

export interface Link {
  readonly apiVersion: "multicluster.linkerd.io/v1alpha3";
  readonly kind: "Link";
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: LinkSpec;
}

/** The issuer Linkerd's identity controller signs proxy certificates with (scheme kubernetes.io/tls). */
export function issuerSecret<T>(certs: { readonly issuerCert: T; readonly issuerKey: T; readonly trustAnchor: T }): SecretObject<T> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: LINKERD_ISSUER_SECRET, namespace: LINKERD_NAMESPACE },
    type: "kubernetes.io/tls",
    stringData: { "tls.crt": certs.issuerCert, "tls.key": certs.issuerKey, "ca.crt": certs.trustAnchor },
  };
}

/** A long-lived token of the service-mirror remote-access ServiceAccount (created by linkerd-multicluster). */
export function remoteAccessTokenSecret(): ISecret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: LINKERD_REMOTE_ACCESS_TOKEN, namespace: LINKERD_MULTICLUSTER_NAMESPACE, annotations: { "kubernetes.io/service-account.name": LINKERD_REMOTE_ACCESS_SA } },
    type: "kubernetes.io/service-account-token",
  };
}

const credentialsName = (target: string) => `cluster-credentials-${target}`;

/**
 * The two credential Secrets `link-gen` writes for a target: one for the service mirror (in the
 * multicluster namespace), one for the destination controller's remote discovery (in linkerd), which
 * names the target's trust domain (its jurisdiction's: the identities of its pods are under it).
 */
export function clusterCredentials<T>(target: string, kubeconfig: T, targetTrustDomain: string = LINKERD_TRUST_DOMAIN): [SecretObject<T>, SecretObject<T>] {
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: credentialsName(target), namespace: LINKERD_MULTICLUSTER_NAMESPACE },
      type: MIRROR_SECRET_TYPE,
      stringData: { kubeconfig },
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: credentialsName(target),
        namespace: LINKERD_NAMESPACE,
        labels: { "multicluster.linkerd.io/cluster-name": target },
        annotations: { "multicluster.linkerd.io/trust-domain": targetTrustDomain, "multicluster.linkerd.io/cluster-domain": "cluster.local" },
      },
      type: MIRROR_SECRET_TYPE,
      stringData: { kubeconfig },
    },
  ];
}

/**
 * The gateway's mesh identity, as Linkerd derives it: <sa>.<namespace>.serviceaccount.identity.<linkerd
 * namespace>.<trust domain>, under the trust domain of the gateway's own cluster.
 */
export const gatewayIdentity = (trustDomain: string = LINKERD_TRUST_DOMAIN): string =>
  `${LINKERD_GATEWAY.name}.${LINKERD_MULTICLUSTER_NAMESPACE}.serviceaccount.identity.${LINKERD_NAMESPACE}.${trustDomain}`;

/**
 * In one cluster, the Link that mirrors `target`'s exported services through its gateway at
 * `gatewayAddress`; the gateway's identity is under the target's trust domain.
 */
export function link(target: string, gatewayAddress: string, targetTrustDomain: string = LINKERD_TRUST_DOMAIN): Link {
  return {
    apiVersion: "multicluster.linkerd.io/v1alpha3",
    kind: "Link",
    metadata: { name: target, namespace: LINKERD_MULTICLUSTER_NAMESPACE },
    spec: {
      targetClusterName: target,
      targetClusterDomain: "cluster.local",
      targetClusterLinkerdNamespace: LINKERD_NAMESPACE,
      clusterCredentialsSecret: credentialsName(target),
      gatewayAddress,
      gatewayPort: String(LINKERD_GATEWAY.port),
      gatewayIdentity: gatewayIdentity(targetTrustDomain),
      probeSpec: { path: LINKERD_GATEWAY.probePath, port: String(LINKERD_GATEWAY.probePort), period: `${LINKERD_GATEWAY.probePeriodSeconds}s` },
      // The defaults of `link-gen`: services labelled mirror.linkerd.io/exported=true (or remote-discovery), federated members.
      selector: { matchLabels: { "mirror.linkerd.io/exported": "true" } },
      remoteDiscoverySelector: { matchLabels: { "mirror.linkerd.io/exported": "remote-discovery" } },
      federatedServiceSelector: { matchLabels: { "mirror.linkerd.io/federated": "member" } },
    },
  };
}
