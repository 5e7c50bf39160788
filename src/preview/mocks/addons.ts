// What the providers compute for the add-ons' resources, for offline previews and tests: keys and
// certificates (@pulumi/tls), the tokens Kubernetes writes into service-account-token Secrets, and
// a LoadBalancer address on a read Service. Every value is an obviously fake placeholder.
import { computedState, registerComputedState, type StateFn } from "../mock-state.ts";

const pem = (label: string, name: string) => `-----BEGIN ${label}-----\nplaceholder from the offline preview mocks for ${name}\n-----END ${label}-----\n`;
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

/** Adds to what another module may already compute for the same type, instead of replacing it. */
function extend(type: string, fn: StateFn): Record<string, StateFn> {
  const previous = computedState[type];
  return { [type]: (name, inputs) => ({ ...(previous?.(name, inputs) ?? {}), ...fn(name, inputs) }) };
}

registerComputedState({
  "tls:index/privateKey:PrivateKey": (name) => ({ privateKeyPem: pem("PRIVATE KEY", name), publicKeyPem: pem("PUBLIC KEY", name) }),
  "tls:index/selfSignedCert:SelfSignedCert": (name) => ({ certPem: pem("CERTIFICATE", name) }),
  "tls:index/certRequest:CertRequest": (name) => ({ certRequestPem: pem("CERTIFICATE REQUEST", name) }),
  "tls:index/locallySignedCert:LocallySignedCert": (name) => ({ certPem: pem("CERTIFICATE", name) }),
  ...extend("kubernetes:core/v1:Secret", (name, inputs) =>
    inputs["type"] === "kubernetes.io/service-account-token" ? { data: { token: b64(`placeholder-token-for-${name}`), "ca.crt": b64(pem("CERTIFICATE", `${name} cluster CA`)) } } : {},
  ),
  // A Service read back (`Service.get`) carries no spec in its inputs: give it a LoadBalancer address.
  ...extend("kubernetes:core/v1:Service", (name, inputs) => (inputs["spec"] === undefined ? { status: { loadBalancer: { ingress: [{ hostname: `${name}.lb.placeholder.invalid` }] } } } : {})),
});
