// Facts about the meshes ClusterFleet installs that the planner needs beyond their charts, and the
// ports their cross-cluster traffic uses (the fabric opens them; the Linkerd gateway is set to them).
// The baseline policy always allows each mesh's proxy registry, or every meshed workload would be refused.
import type { MeshKind } from "../spec/addons.ts";
import type { MeshFact } from "./types.ts";

export const meshes: Readonly<Record<Exclude<MeshKind, "none">, MeshFact>> = {
  istio: {
    proxyRegistry: "docker.io/istio/",
    eastWestPorts: [
      { port: 15443, purpose: "istio-east-west" },
      { port: 15012, purpose: "istio-control-plane" },
      { port: 15017, purpose: "istio-webhook" },
    ],
    source:
      "istio/istio@1.30.3 packaged charts: global.hub docker.io/istio, image proxyv2; gateway chart networkGateway ports 15443 (tls), 15012 (tls-istiod), 15017 (tls-webhook)",
  },
  linkerd: {
    proxyRegistry: "cr.l5d.io/linkerd/",
    eastWestPorts: [
      { port: 4143, purpose: "linkerd-proxy" },
      { port: 4191, purpose: "linkerd-admin" },
    ],
    source: "linkerd/linkerd2@edge-26.8.3 charts/linkerd-control-plane values.yaml: proxy.image.name cr.l5d.io/linkerd/proxy; linkerd-multicluster gateway.port 4143, gateway.probe.port 4191",
  },
};
