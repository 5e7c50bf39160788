// Azure regions (programmatic names) and availability-zone support ("1", "2", "3").
// Source: MicrosoftDocs/reliability-docs articles/reliability/regions-list.md (ms.date 2025-09-23),
// checked 2026-11. Regions without zones can host only non-HA clusters. "restricted" regions need an
// access request (https://learn.microsoft.com/troubleshoot/azure/general/region-access-request-process).
import type { RegionFact } from "./types.ts";

const ZONES = ["1", "2", "3"] as const;
const r = (country: string, region: string, zoned: boolean, note?: string): [string, RegionFact] => [
  region,
  note ? { country, zones: zoned ? ZONES : [], note } : { country, zones: zoned ? ZONES : [] },
];
const restricted = "restricted: access by request";

export const azureRegions: Record<string, RegionFact> = Object.fromEntries([
  // United States
  r("US", "eastus", true),
  r("US", "eastus2", true),
  r("US", "centralus", true),
  r("US", "southcentralus", true),
  r("US", "northcentralus", false),
  r("US", "westcentralus", false),
  r("US", "westus", false),
  r("US", "westus2", true),
  r("US", "westus3", true),
  // Europe and the UK
  r("IE", "northeurope", true),
  r("NL", "westeurope", true),
  r("AT", "austriaeast", true),
  r("BE", "belgiumcentral", true),
  r("DK", "denmarkeast", true, "listed as coming soon in 2025-09"),
  r("FR", "francecentral", true),
  r("FR", "francesouth", false, restricted),
  r("DE", "germanywestcentral", true),
  r("DE", "germanynorth", false, restricted),
  r("IT", "italynorth", true),
  r("PL", "polandcentral", true),
  r("ES", "spaincentral", true),
  r("SE", "swedencentral", true),
  r("NO", "norwayeast", true),
  r("NO", "norwaywest", false, restricted),
  r("CH", "switzerlandnorth", true),
  r("CH", "switzerlandwest", false, restricted),
  r("GB", "uksouth", true),
  r("GB", "ukwest", false),
  // Asia Pacific
  r("HK", "eastasia", true),
  r("SG", "southeastasia", true),
  r("JP", "japaneast", true),
  r("JP", "japanwest", true),
  r("KR", "koreacentral", true),
  r("KR", "koreasouth", false),
  r("IN", "centralindia", true),
  r("IN", "southindia", false),
  r("IN", "westindia", false),
  r("AU", "australiaeast", true),
  r("AU", "australiasoutheast", false),
  r("AU", "australiacentral", false),
  r("NZ", "newzealandnorth", true),
  r("ID", "indonesiacentral", true),
  r("MY", "malaysiawest", true),
  // Elsewhere
  r("CA", "canadacentral", true),
  r("CA", "canadaeast", false),
  r("MX", "mexicocentral", true),
  r("BR", "brazilsouth", true),
  r("CL", "chilecentral", true),
  r("IL", "israelcentral", true),
  r("QA", "qatarcentral", true),
  r("AE", "uaenorth", true),
  r("ZA", "southafricanorth", true),
]);
