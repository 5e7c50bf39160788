// The shipped schedules run the job the way the README says, and the CronJob is a valid object.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CronJob } from "kubernetes-models/batch/v1";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DECOMMISSION_EXIT } from "../../src/cli/decommission-command.ts";
import { ROOT } from "../fixtures/fleets.ts";

const read = (f: string) => readFileSync(join(ROOT, "examples", "decommission", f), "utf8");

describe("decommission examples", () => {
  it("ship a CronJob that validates, never overlaps, and treats 'nothing to do' as success", () => {
    const doc = parse(read("cronjob.yaml")) as Record<string, unknown>;
    const job = new CronJob(doc as never);
    expect(() => job.validate()).not.toThrow();
    expect(job.spec!.concurrencyPolicy).toBe("Forbid");
    const script = job.spec!.jobTemplate.spec!.template.spec!.containers[0]!.args!.join("\n");
    expect(script).toMatch(/npx clusterfleet decommission --stack "\$STACK" --yes/);
    expect(script).toContain(`[ "$code" -eq ${DECOMMISSION_EXIT.done} ] || [ "$code" -eq ${DECOMMISSION_EXIT["nothing-to-do"]} ]`);
  });

  it("ship a GitHub Actions schedule with a concurrency group and the same exit handling", () => {
    const wf = parse(read("github-actions.yml")) as { on: { schedule: unknown[] }; concurrency: { "cancel-in-progress": boolean }; jobs: { decommission: { steps: { run?: string }[] } } };
    expect(wf.on.schedule).toHaveLength(1);
    expect(wf.concurrency["cancel-in-progress"]).toBe(false);
    const run = wf.jobs.decommission.steps.map((s) => s.run ?? "").join("\n");
    expect(run).toMatch(/npx clusterfleet decommission --stack/);
    expect(run).toMatch(/npm ci/);
    expect(run).toContain(`[ "$code" -eq ${DECOMMISSION_EXIT.done} ] || [ "$code" -eq ${DECOMMISSION_EXIT["nothing-to-do"]} ]`);
  });
});
