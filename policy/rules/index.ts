// Every rule of the sovereignty pack, in the order `pulumi preview --policy-pack policy` reports them.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { bucketsInRegion, diskEncryptionSetsInRegion, kmsKeysInRegion, secretsInRegion } from "./cloud.ts";
import { secretStoresInRegion, storageClassesRegionBound } from "./kubernetes.ts";

export const SOVEREIGNTY_POLICIES: readonly ResourceValidationPolicy[] = [
  storageClassesRegionBound,
  kmsKeysInRegion,
  secretsInRegion,
  bucketsInRegion,
  diskEncryptionSetsInRegion,
  secretStoresInRegion,
];

export * from "./cloud.ts";
export * from "./kubernetes.ts";
export * from "./regions.ts";
