// AWS commercial regions and their Availability Zones.
// Source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html and
// `aws ec2 describe-availability-zones` per region, as of 2026-11. AZ *names* are mapped per account
// (AZ IDs are not); the names below are the ones most accounts see. In us-east-1, EKS does not place
// control planes in the AZ with ID use1-az3: pin `zones` if your account maps that ID to a, b or c.
import type { RegionFact } from "./types.ts";

const az = (region: string, letters: string) => [...letters].map((l) => `${region}${l}`);
const r = (country: string, region: string, letters: string, note?: string): [string, RegionFact] => [
  region,
  note ? { country, zones: az(region, letters), note } : { country, zones: az(region, letters) },
];

export const awsRegions: Record<string, RegionFact> = Object.fromEntries([
  // United States
  r("US", "us-east-1", "abcdef"),
  r("US", "us-east-2", "abc"),
  r("US", "us-west-1", "ac", "two AZs only: no HA control plane"),
  r("US", "us-west-2", "abcd"),
  r("US", "us-gov-east-1", "abc", "AWS GovCloud (US) partition"),
  r("US", "us-gov-west-1", "abc", "AWS GovCloud (US) partition"),
  // Europe
  r("IE", "eu-west-1", "abc"),
  r("GB", "eu-west-2", "abc"),
  r("FR", "eu-west-3", "abc"),
  r("DE", "eu-central-1", "abc"),
  r("CH", "eu-central-2", "abc"),
  r("SE", "eu-north-1", "abc"),
  r("IT", "eu-south-1", "abc"),
  r("ES", "eu-south-2", "abc"),
  r("DE", "eusc-de-east-1", "abc", "AWS European Sovereign Cloud partition (aws-eusc)"),
  // Asia Pacific
  r("IN", "ap-south-1", "abc"),
  r("IN", "ap-south-2", "abc"),
  r("SG", "ap-southeast-1", "abc"),
  r("AU", "ap-southeast-2", "abc"),
  r("ID", "ap-southeast-3", "abc"),
  r("AU", "ap-southeast-4", "abc"),
  r("MY", "ap-southeast-5", "abc"),
  r("NZ", "ap-southeast-6", "abc"),
  r("TH", "ap-southeast-7", "abc"),
  r("JP", "ap-northeast-1", "acd"),
  r("KR", "ap-northeast-2", "abcd"),
  r("JP", "ap-northeast-3", "abc"),
  r("HK", "ap-east-1", "abc"),
  r("TW", "ap-east-2", "abc"),
  // Elsewhere
  r("CA", "ca-central-1", "abd"),
  r("CA", "ca-west-1", "abc"),
  r("MX", "mx-central-1", "abc"),
  r("BR", "sa-east-1", "abc"),
  r("AE", "me-central-1", "abc"),
  r("BH", "me-south-1", "abc"),
  r("IL", "il-central-1", "abc"),
  r("ZA", "af-south-1", "abc"),
]);
