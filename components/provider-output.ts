// Values a provider computes (ARNs, addresses, certificates, kubeconfigs) that a component reads
// inside `apply`. When one is missing (a real provider always sets them; Pulumi mocks that return
// only the inputs do not), the component says which value of which resource, and how to mock it,
// instead of failing with a TypeError somewhere inside its own code.

/** A provider-computed value a component needs was not there. */
export class MissingProviderOutputError extends Error {
  override readonly name = "MissingProviderOutputError";
  /** What was missing, e.g. `aws:iam/openIdConnectProvider:OpenIdConnectProvider acme-eu-oidc: arn`. */
  readonly output: string;
  constructor(output: string) {
    super(
      `${output} is missing: the provider returned no value for it. Under Pulumi mocks (pulumi.runtime.setMocks), return it ` +
        `from newResource or call, or use the mocks of "clusterfleet/testing", which return every output ClusterFleet reads`,
    );
    this.output = output;
  }
}

/** `value`, or a MissingProviderOutputError naming `output` when it is undefined, null or empty. */
export function required<T>(value: T | undefined | null, output: string): T {
  if (value === undefined || value === null || (value as unknown) === "") throw new MissingProviderOutputError(output);
  return value;
}
