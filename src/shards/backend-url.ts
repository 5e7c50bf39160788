// What a Pulumi self-managed backend URL says about where the state is kept. The formats
// (pulumi.com/docs/iac/concepts/state-and-backends/#using-a-self-managed-backend, and gocloud.dev's
// blob URL openers the backends are built on, gocloud.dev/howto/blob/):
//   s3://<bucket>?region=<region>[&endpoint=<url>][&profile=<p>]  AWS S3 (endpoint: an S3-compatible store)
//   gs://<bucket>[/<prefix>]                                      Google Cloud Storage: no location in the URL
//   azblob://<container>[?storage_account=<account>]             Azure Blob Storage: no location in the URL
//   file://<path>                                                 a directory on the machine that runs Pulumi
export type BackendKind = "s3" | "gs" | "azblob" | "file";

export interface BackendLocation {
  readonly kind: BackendKind;
  /** The cloud whose credentials reach it; "local" for a directory. */
  readonly cloud: "aws" | "gcp" | "azure" | "local";
  /** Bucket or container (empty for file://). */
  readonly bucket: string;
  /** s3 only: the `region` query parameter. */
  readonly region?: string;
  /** s3 only: the `endpoint` query parameter (an S3-compatible store, not AWS). */
  readonly endpoint?: string;
}

const CLOUD: Record<BackendKind, BackendLocation["cloud"]> = { s3: "aws", gs: "gcp", azblob: "azure", file: "local" };

/** The location a backend URL names, or undefined for a URL that is not a self-managed backend. */
export function parseBackendUrl(url: string): BackendLocation | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const kind = u.protocol.replace(/:$/, "");
  if (kind !== "s3" && kind !== "gs" && kind !== "azblob" && kind !== "file") return undefined;
  const region = kind === "s3" ? u.searchParams.get("region") : null;
  const endpoint = kind === "s3" ? u.searchParams.get("endpoint") : null;
  return { kind, cloud: CLOUD[kind], bucket: u.hostname, ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) };
}
