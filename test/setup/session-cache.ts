// A folder for this test session only: deterministic, expensive results (the shipped stacks run
// under mocks) are computed by the first test file that needs them and read by the others.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "clusterfleet-test-session-"));
  process.env["CLUSTERFLEET_TEST_SESSION_DIR"] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
