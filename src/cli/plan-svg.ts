// `clusterfleet plan --svg FILE`: the fleet as a picture. Jurisdictions are boxes, clusters are nodes
// coloured and shaped by provider, links are edges styled by kind, with a legend. ELK (elkjs) lays the
// graph out; this file only draws what it computed, as a standalone SVG.
import ElkConstructor from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";
import type { FleetPlan, PeeringKind } from "../plan/types.ts";
import type { Provider } from "../spec/primitives.ts";

const PROVIDER_STYLE: Record<Provider, { fill: string; shape: "rect" | "round" | "hex" | "diamond" | "ellipse"; label: string }> = {
  aws: { fill: "#ff9900", shape: "rect", label: "AWS (EKS)" },
  gcp: { fill: "#4285f4", shape: "round", label: "GCP (GKE)" },
  azure: { fill: "#0078d4", shape: "hex", label: "Azure (AKS)" },
  kubeadm: { fill: "#2e7d32", shape: "diamond", label: "kubeadm (on-prem)" },
  existing: { fill: "#757575", shape: "ellipse", label: "existing (adopted)" },
};

const KIND_STYLE: Record<PeeringKind, { stroke: string; dash: string; width: number }> = {
  "aws-vpc-peering": { stroke: "#ff9900", dash: "", width: 3 },
  "aws-transit-gateway": { stroke: "#b35900", dash: "8 3", width: 3 },
  "gcp-vpc-peering": { stroke: "#4285f4", dash: "", width: 3 },
  "azure-vnet-peering": { stroke: "#0078d4", dash: "", width: 3 },
  "ipsec-vpn": { stroke: "#c2185b", dash: "4 4", width: 2.5 },
  unmanaged: { stroke: "#9e9e9e", dash: "1 4", width: 2 },
};

const NODE_W = 150;
const NODE_H = 46;
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export async function renderPlanSvg(plan: FleetPlan): Promise<string> {
  const jurisdictions = [...new Set(plan.clusters.map((c) => c.jurisdiction))].sort();
  const graph: ElkNode = {
    id: "fleet",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.spacing.nodeNode": "30",
      "elk.layered.spacing.nodeNodeBetweenLayers": "60",
      "elk.padding": "[top=20,left=20,bottom=20,right=20]",
    },
    children: jurisdictions.map((j) => ({
      id: `j:${j}`,
      layoutOptions: { "elk.padding": "[top=36,left=16,bottom=16,right=16]" },
      children: plan.clusters.filter((c) => c.jurisdiction === j).map((c) => ({ id: `c:${c.name}`, width: NODE_W, height: NODE_H })),
    })),
    edges: plan.peerings.map((p, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [`c:${p.from}`], targets: [`c:${p.to}`] })),
  };
  const Elk = ElkConstructor as unknown as new () => { layout(g: ElkNode): Promise<ElkNode> };
  const laid = await new Elk().layout(graph);

  const parts: string[] = [];
  const offsets = new Map<string, { x: number; y: number }>();
  for (const j of laid.children ?? []) {
    const jx = j.x ?? 0;
    const jy = j.y ?? 0;
    parts.push(`<rect x="${jx}" y="${jy}" width="${j.width ?? 0}" height="${j.height ?? 0}" rx="10" fill="#f3f6fa" stroke="#5c6b7a" stroke-width="1.5"/>`);
    parts.push(`<text x="${jx + 12}" y="${jy + 22}" font-size="15" font-weight="bold" fill="#2b3a4a">jurisdiction ${esc(j.id.slice(2))}</text>`);
    for (const n of j.children ?? []) {
      const c = plan.clusters.find((x) => `c:${x.name}` === n.id)!;
      const x = jx + (n.x ?? 0);
      const y = jy + (n.y ?? 0);
      offsets.set(n.id, { x, y });
      parts.push(nodeShape(c.provider, x, y, c.name, `${c.region}${c.action === "drain" ? " (draining)" : ""}`));
    }
  }
  // Edges: ELK routes them between nodes of different boxes in the root's coordinates.
  const edgeParts = (laid.edges ?? []).map((e, i) => {
    const p = plan.peerings[i]!;
    const st = KIND_STYLE[p.kind];
    const a = offsets.get(`c:${p.from}`)!;
    const b = offsets.get(`c:${p.to}`)!;
    const section = e.sections?.[0];
    const shift = edgeContainerOffset(e, laid);
    const points = section
      ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((q) => `${q.x + shift.x},${q.y + shift.y}`)
      : [`${a.x + NODE_W / 2},${a.y + NODE_H / 2}`, `${b.x + NODE_W / 2},${b.y + NODE_H / 2}`];
    return `<polyline points="${points.join(" ")}" fill="none" stroke="${st.stroke}" stroke-width="${st.width}"${st.dash ? ` stroke-dasharray="${st.dash}"` : ""}><title>${esc(`${p.from} — ${p.to}: ${p.kind} (${p.reason})`)}</title></polyline>`;
  });

  const width = (laid.width ?? 400) + 20;
  const legendY = (laid.height ?? 200) + 20;
  const legend = legendSvg(plan, legendY);
  const height = legendY + legend.height;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(width, 760)}" height="${height}" viewBox="0 0 ${Math.max(width, 760)} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${esc(`Fleet ${plan.fleet}: ${plan.clusters.length} clusters, ${plan.peerings.length} links`)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    ...edgeParts,
    legend.svg,
    `</svg>`,
  ].join("\n");
}

/** ELK gives an edge's points relative to its container (the lowest common ancestor of its ends). */
function edgeContainerOffset(e: ElkExtendedEdge & { container?: string }, root: ElkNode): { x: number; y: number } {
  if (!e.container || e.container === root.id) return { x: 0, y: 0 };
  const box = root.children?.find((c) => c.id === e.container);
  return { x: box?.x ?? 0, y: box?.y ?? 0 };
}

function nodeShape(provider: Provider, x: number, y: number, name: string, sub: string): string {
  const s = PROVIDER_STYLE[provider];
  const cx = x + NODE_W / 2;
  const cy = y + NODE_H / 2;
  const shape =
    s.shape === "rect"
      ? `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" fill="${s.fill}" stroke="#333"/>`
      : s.shape === "round"
        ? `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="20" fill="${s.fill}" stroke="#333"/>`
        : s.shape === "hex"
          ? `<polygon points="${x + 14},${y} ${x + NODE_W - 14},${y} ${x + NODE_W},${cy} ${x + NODE_W - 14},${y + NODE_H} ${x + 14},${y + NODE_H} ${x},${cy}" fill="${s.fill}" stroke="#333"/>`
          : s.shape === "diamond"
            ? `<polygon points="${cx},${y - 4} ${x + NODE_W + 6},${cy} ${cx},${y + NODE_H + 4} ${x - 6},${cy}" fill="${s.fill}" stroke="#333"/>`
            : `<ellipse cx="${cx}" cy="${cy}" rx="${NODE_W / 2}" ry="${NODE_H / 2}" fill="${s.fill}" stroke="#333"/>`;
  return `<g>${shape}<text x="${cx}" y="${cy - 3}" text-anchor="middle" font-size="12" font-weight="bold" fill="#ffffff">${esc(name)}</text><text x="${cx}" y="${cy + 12}" text-anchor="middle" font-size="10" fill="#ffffff">${esc(sub)}</text></g>`;
}

function legendSvg(plan: FleetPlan, y: number): { svg: string; height: number } {
  const providers = [...new Set(plan.clusters.map((c) => c.provider))].sort();
  const kinds = [...new Set(plan.peerings.map((p) => p.kind))].sort();
  const rows: string[] = [`<text x="20" y="${y + 14}" font-size="13" font-weight="bold" fill="#2b3a4a">Legend</text>`];
  providers.forEach((p, i) => {
    const s = PROVIDER_STYLE[p];
    rows.push(`<rect x="20" y="${y + 24 + i * 22}" width="28" height="16" fill="${s.fill}" stroke="#333"/><text x="56" y="${y + 37 + i * 22}" font-size="12" fill="#222">${esc(s.label)}</text>`);
  });
  kinds.forEach((k, i) => {
    const s = KIND_STYLE[k];
    const ly = y + 32 + i * 22;
    rows.push(`<line x1="260" y1="${ly}" x2="320" y2="${ly}" stroke="${s.stroke}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/><text x="330" y="${ly + 4}" font-size="12" fill="#222">${esc(k)}</text>`);
  });
  return { svg: `<g>${rows.join("")}</g>`, height: 40 + Math.max(providers.length, kinds.length) * 22 };
}
