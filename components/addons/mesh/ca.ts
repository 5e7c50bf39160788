// Certificate authorities for the meshes, with @pulumi/tls: a jurisdiction's root (Istio) or trust
// anchor (Linkerd), and one intermediate per cluster signed by it. Private keys are Pulumi secrets
// wherever they go; certificates renew ahead of expiry on a `pulumi up` (earlyRenewalHours).
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { MeshTrustRootPlan } from "../../../src/plan/types.ts";

export type KeyProfile = { readonly algorithm: "RSA"; readonly rsaBits: number } | { readonly algorithm: "ECDSA"; readonly ecdsaCurve: "P256" };

/** A CA that signs: its certificate (public) and its private key (secret). */
export interface Signer {
  readonly certPem: pulumi.Output<string>;
  readonly keyPem: pulumi.Output<string>;
  readonly profile: KeyProfile;
}

/** A root another jurisdiction's cluster trusts: its certificate only (its key stays in its own jurisdiction's state). */
export type TrustedRoot = Pick<Signer, "certPem">;

export interface CaArgs {
  readonly commonName: string;
  readonly organization: string;
  readonly profile: KeyProfile;
  readonly validityHours: number;
  readonly earlyRenewalHours: number;
  /** Intermediates: how many CAs may follow this one (0: it signs only leaf certificates). */
  readonly maxPathLength?: number;
}

const CA_USES = ["cert_signing", "crl_signing", "digital_signature", "key_encipherment"];

function privateKey(name: string, profile: KeyProfile, parent: pulumi.Resource): tls.PrivateKey {
  return new tls.PrivateKey(name, profile.algorithm === "RSA" ? { algorithm: "RSA", rsaBits: profile.rsaBits } : { algorithm: "ECDSA", ecdsaCurve: profile.ecdsaCurve }, { parent });
}

/** A self-signed root: `${name}-key`, `${name}-cert`. */
export function rootCa(name: string, args: CaArgs, parent: pulumi.Resource): Signer {
  const key = privateKey(`${name}-key`, args.profile, parent);
  const keyPem = pulumi.secret(key.privateKeyPem);
  const cert = new tls.SelfSignedCert(
    `${name}-cert`,
    {
      privateKeyPem: keyPem,
      isCaCertificate: true,
      allowedUses: CA_USES,
      subject: { commonName: args.commonName, organization: args.organization },
      validityPeriodHours: args.validityHours,
      earlyRenewalHours: args.earlyRenewalHours,
      setSubjectKeyId: true,
    },
    { parent },
  );
  return { certPem: cert.certPem, keyPem, profile: args.profile };
}

/** An intermediate signed by `issuer`: `${name}-key`, `${name}-csr`, `${name}-cert`. */
export function intermediateCa(name: string, issuer: Signer, args: CaArgs, parent: pulumi.Resource): Signer {
  const key = privateKey(`${name}-key`, args.profile, parent);
  const keyPem = pulumi.secret(key.privateKeyPem);
  const csr = new tls.CertRequest(`${name}-csr`, { privateKeyPem: keyPem, subject: { commonName: args.commonName, organization: args.organization } }, { parent });
  const cert = new tls.LocallySignedCert(
    `${name}-cert`,
    {
      certRequestPem: csr.certRequestPem,
      caCertPem: issuer.certPem,
      caPrivateKeyPem: pulumi.secret(issuer.keyPem),
      isCaCertificate: true,
      ...(args.maxPathLength === undefined ? {} : { maxPathLength: args.maxPathLength }),
      allowedUses: CA_USES,
      validityPeriodHours: args.validityHours,
      earlyRenewalHours: args.earlyRenewalHours,
      setSubjectKeyId: true,
    },
    { parent },
  );
  return { certPem: cert.certPem, keyPem, profile: args.profile };
}

const YEAR = 24 * 365;

/** Whose root: its jurisdiction, and whether it is the fleet's single root of earlier releases (its subject is kept, or it would be replaced). */
type RootOf = Pick<MeshTrustRootPlan, "jurisdiction" | "legacy" | "trustDomain">;

/** Istio: RSA 4096 as Istio's own CA tooling; root 10 years, intermediates 2 years, renewed 90 days ahead. */
export const ISTIO_CA = {
  root: (fleet: string, root: RootOf): CaArgs => ({
    commonName: root.legacy ? `${fleet} mesh root CA` : `${fleet} ${root.jurisdiction} mesh root CA`,
    organization: fleet,
    profile: { algorithm: "RSA", rsaBits: 4096 },
    validityHours: 10 * YEAR,
    earlyRenewalHours: YEAR,
  }),
  intermediate: (fleet: string, cluster: string): CaArgs => ({
    commonName: `${cluster} intermediate CA`,
    organization: fleet,
    profile: { algorithm: "RSA", rsaBits: 4096 },
    validityHours: 2 * YEAR,
    earlyRenewalHours: 90 * 24,
    maxPathLength: 0,
  }),
} as const;

/**
 * Linkerd: ECDSA P-256 as Linkerd requires; trust anchor 10 years, issuers 1 year, renewed 60 days ahead.
 * Names as Linkerd's "Generating your own mTLS root certificates" (linkerd.io/2/tasks/generate-certificates/):
 * `root.linkerd.<trust domain>` and `identity.linkerd.<trust domain>` (cluster.local there).
 */
export const LINKERD_CA = {
  root: (fleet: string, root: RootOf): CaArgs => ({ commonName: `root.linkerd.${root.trustDomain}`, organization: fleet, profile: { algorithm: "ECDSA", ecdsaCurve: "P256" }, validityHours: 10 * YEAR, earlyRenewalHours: YEAR }),
  intermediate: (fleet: string, _cluster: string, trustDomain: string): CaArgs => ({
    commonName: `identity.linkerd.${trustDomain}`,
    organization: fleet,
    profile: { algorithm: "ECDSA", ecdsaCurve: "P256" },
    validityHours: YEAR,
    earlyRenewalHours: 60 * 24,
    maxPathLength: 0,
  }),
} as const;

/** PEM certificates, one after another: a trust bundle (Istio root-cert.pem, Linkerd identityTrustAnchorsPEM). */
export function pemBundle(certs: readonly pulumi.Input<string>[]): pulumi.Output<string> {
  return pulumi.all([...certs]).apply((pems) => pems.map((p) => `${p.trimEnd()}\n`).join(""));
}
