// How each provider component's HA facts are read back from the resources it registered, so the
// preview reports what was rendered, not what was intended. Providers add a reader each.
import type { RecordedResource } from "./recording-monitor.ts";

export interface HaFacts {
  /** Zones the cluster's infrastructure actually spans. */
  readonly zones: readonly string[];
  /** One line: how the control plane is made highly available (or that it is not). */
  readonly controlPlane: string;
}

/** Reads a cluster component's facts from the resources under it (the component itself first). */
export type HaFactsReader = (component: RecordedResource, subtree: readonly RecordedResource[]) => HaFacts;

export const haFactsReaders: Record<string, HaFactsReader> = {};

export function registerHaFacts(token: string, reader: HaFactsReader): void {
  haFactsReaders[token] = reader;
}
