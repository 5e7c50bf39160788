// Istio's Kubernetes objects, as typed models built from the plan (pure: no Pulumi). Secret data
// is a parameter so callers pass Pulumi secrets and tests pass placeholders.
import { Gateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import type { ISecret } from "kubernetes-models/v1/Secret";
import { EASTWEST_SELECTOR } from "../values/istio.ts";

export const ISTIO_NAMESPACE = "istio-system";
export const ISTIO_READER_SA = "istio-reader-service-account";
export const ISTIO_READER_TOKEN = "istio-reader-service-account-istio-remote-secret-token";

/** Exposes every service of this network to the others through the east-west gateway (mTLS passthrough). */
export function crossNetworkGateway(): Gateway {
  return new Gateway({
    metadata: { name: "cross-network-gateway", namespace: ISTIO_NAMESPACE },
    spec: {
      selector: { ...EASTWEST_SELECTOR },
      servers: [{ port: { number: 15443, name: "tls", protocol: "TLS" }, tls: { mode: "AUTO_PASSTHROUGH" }, hosts: ["*.local"] }],
    },
  });
}

/** Mesh-wide mutual TLS, STRICT: in the root namespace, named `default`, no selector. */
export function meshMtlsStrict(): PeerAuthentication {
  return new PeerAuthentication({ metadata: { name: "default", namespace: ISTIO_NAMESPACE }, spec: { mtls: { mode: "STRICT" } } });
}

/** A Secret with string data of type T (a Pulumi secret in the component, a string in tests). */
export type SecretObject<T> = Omit<ISecret, "data" | "stringData"> & { readonly stringData: Readonly<Record<string, T>> };

export interface PluginCerts<T> {
  /** This cluster's intermediate CA certificate and key. */
  readonly caCert: T;
  readonly caKey: T;
  /** The roots the cluster trusts: its jurisdiction's first, then those of the jurisdictions it is meshed with. */
  readonly rootCert: T;
  /** Intermediate then root. */
  readonly certChain: T;
}

/** `cacerts`: the plug-in CA istiod signs workload certificates with, instead of its self-signed one. */
export function cacertsSecret<T>(certs: PluginCerts<T>): SecretObject<T> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "cacerts", namespace: ISTIO_NAMESPACE },
    type: "Opaque",
    stringData: { "ca-cert.pem": certs.caCert, "ca-key.pem": certs.caKey, "root-cert.pem": certs.rootCert, "cert-chain.pem": certs.certChain },
  };
}

/** A long-lived token of the reader ServiceAccount (Istio's base chart creates the account and its read-only role). */
export function readerTokenSecret(): ISecret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: ISTIO_READER_TOKEN, namespace: ISTIO_NAMESPACE, annotations: { "kubernetes.io/service-account.name": ISTIO_READER_SA } },
    type: "kubernetes.io/service-account-token",
  };
}

/** In one cluster, the credentials istiod uses to discover another cluster's endpoints (as `istioctl create-remote-secret`). */
export function remoteSecret<T>(target: string, kubeconfig: T): SecretObject<T> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: `istio-remote-secret-${target}`,
      namespace: ISTIO_NAMESPACE,
      labels: { "istio/multiCluster": "true" },
      annotations: { "networking.istio.io/cluster": target },
    },
    type: "Opaque",
    stringData: { [target]: kubeconfig },
  };
}
