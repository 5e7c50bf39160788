// What `clusterfleet preview --json` (the program under Pulumi mocks) says a stack registers: the
// engine tests hold the real engine to it, so the mock-based suite keeps meaning something.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./toolchain.ts";

export interface OfflineResource {
  readonly type: string;
  readonly name: string;
}

export function offlinePreview(stackFile: string): OfflineResource[] {
  const out = execFileSync(process.execPath, [join(repoRoot, "bin/clusterfleet.js"), "preview", stackFile, "--json"], {
    encoding: "utf8",
    maxBuffer: 512 << 20,
    cwd: repoRoot,
  });
  return (JSON.parse(out) as { resources: OfflineResource[] }).resources;
}

/** "type::name" keys, the part of a URN that does not depend on the project, stack or parents. */
export const typeAndName = (r: { type: string; name?: string; urn?: string }): string => `${r.type}::${r.name ?? r.urn!.slice(r.urn!.lastIndexOf("::") + 2)}`;
