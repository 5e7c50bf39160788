// Facts about the meshes ClusterFleet installs that the planner needs beyond their charts.
// The baseline policy always allows each mesh's proxy registry, or every meshed workload would be refused.
import type { MeshKind } from "../spec/addons.ts";
import type { MeshFact } from "./types.ts";

export const meshes: Readonly<Record<Exclude<MeshKind, "none">, MeshFact>> = {
  istio: { proxyRegistry: "docker.io/istio/", source: "istio/istio@1.30.3 packaged charts: global.hub docker.io/istio, image proxyv2" },
  linkerd: { proxyRegistry: "cr.l5d.io/linkerd/", source: "linkerd/linkerd2@edge-26.8.3 charts/linkerd-control-plane values.yaml: proxy.image.name cr.l5d.io/linkerd/proxy" },
};
