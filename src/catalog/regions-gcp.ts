// Google Cloud regions and zones.
// Source: https://cloud.google.com/compute/docs/regions-zones (`gcloud compute zones list`), as of 2026-11.
import type { RegionFact } from "./types.ts";

const r = (country: string, region: string, letters: string): [string, RegionFact] => [
  region,
  { country, zones: [...letters].map((l) => `${region}-${l}`) },
];

export const gcpRegions: Record<string, RegionFact> = Object.fromEntries([
  // United States
  r("US", "us-central1", "abcf"),
  r("US", "us-east1", "bcd"),
  r("US", "us-east4", "abc"),
  r("US", "us-east5", "abc"),
  r("US", "us-south1", "abc"),
  r("US", "us-west1", "abc"),
  r("US", "us-west2", "abc"),
  r("US", "us-west3", "abc"),
  r("US", "us-west4", "abc"),
  // Europe (the UK has one region, europe-west2)
  r("BE", "europe-west1", "bcd"),
  r("GB", "europe-west2", "abc"),
  r("DE", "europe-west3", "abc"),
  r("NL", "europe-west4", "abc"),
  r("CH", "europe-west6", "abc"),
  r("IT", "europe-west8", "abc"),
  r("FR", "europe-west9", "abc"),
  r("DE", "europe-west10", "abc"),
  r("IT", "europe-west12", "abc"),
  r("FI", "europe-north1", "abc"),
  r("SE", "europe-north2", "abc"),
  r("PL", "europe-central2", "abc"),
  r("ES", "europe-southwest1", "abc"),
  // Asia Pacific
  r("TW", "asia-east1", "abc"),
  r("HK", "asia-east2", "abc"),
  r("JP", "asia-northeast1", "abc"),
  r("JP", "asia-northeast2", "abc"),
  r("KR", "asia-northeast3", "abc"),
  r("IN", "asia-south1", "abc"),
  r("IN", "asia-south2", "abc"),
  r("SG", "asia-southeast1", "abc"),
  r("ID", "asia-southeast2", "abc"),
  r("AU", "australia-southeast1", "abc"),
  r("AU", "australia-southeast2", "abc"),
  // Elsewhere
  r("CA", "northamerica-northeast1", "abc"),
  r("CA", "northamerica-northeast2", "abc"),
  r("MX", "northamerica-south1", "abc"),
  r("BR", "southamerica-east1", "abc"),
  r("CL", "southamerica-west1", "abc"),
  r("IL", "me-west1", "abc"),
  r("QA", "me-central1", "abc"),
  r("SA", "me-central2", "abc"),
  r("ZA", "africa-south1", "abc"),
]);
