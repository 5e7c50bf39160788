// The pure halves of the job's safety: when an approval is honoured, and when a kubeconfig is
// proven to reach the cluster the stack manages.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkApproval, makeApproval } from "../../src/decommission/approval.ts";
import { pinKubeconfig, sameServer } from "../../src/decommission/cluster-identity.ts";

const ISSUED = new Date("2026-12-02T10:00:00Z");
const approval = JSON.stringify(makeApproval("run-1", ["old"], new Date("2026-12-02T09:00:00Z"), ISSUED));
const at = (minutes: number) => new Date(ISSUED.getTime() + minutes * 60_000);

describe("checkApproval", () => {
  it.each([
    ["no value", undefined, "run-1", at(1), "none"],
    ["its own run, in time", approval, "run-1", at(1), "approved"],
    ["its own run, at the last minute", approval, "run-1", at(30), "approved"],
    ["its own run, too late", approval, "run-1", at(31), "ignored"],
    ["another run", approval, "run-2", at(1), "ignored"],
    ["no run in the environment (a plain pulumi up)", approval, undefined, at(1), "ignored"],
    ["the old list format", '["old"]', undefined, at(1), "ignored"],
    ["not JSON", "old", "run-1", at(1), "ignored"],
    ["a time later than the clock", JSON.stringify(makeApproval("run-1", ["old"], at(10), ISSUED)), "run-1", at(1), "ignored"],
  ] as const)("%s → %s", (_what, value, env, clock, want) => {
    expect(checkApproval(value, env, clock).kind).toBe(want);
  });

  it("approves exactly the listed clusters, as of the job's time", () => {
    expect(checkApproval(approval, "run-1", at(1))).toEqual({ kind: "approved", clusters: ["old"], now: new Date("2026-12-02T09:00:00Z") });
  });
});

const config = (current: string, contexts: Record<string, string>) =>
  stringify({
    apiVersion: "v1",
    "current-context": current,
    contexts: Object.keys(contexts).map((name) => ({ name, context: { cluster: name, user: name } })),
    clusters: Object.entries(contexts).map(([name, server]) => ({ name, cluster: { server, "certificate-authority-data": `CA-${name}` } })),
    users: Object.keys(contexts).map((name) => ({ name, user: { token: `token-${name}` } })),
  });

describe("pinKubeconfig", () => {
  const two = config("a", { a: "https://a.example", b: "https://b.example:6443" });

  it("keeps only the current context, its cluster and its user when its server is the recorded endpoint", () => {
    const r = pinKubeconfig(two, "https://A.example:443/");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.context).toBe("a");
    expect(r.kubeconfig).toContain("CA-a");
    expect(r.kubeconfig).not.toContain("b.example");
    expect(r.kubeconfig).not.toContain("token-b");
  });

  it.each([
    ["another server", two, "https://b.example:6443", /current context "a" reaches https:\/\/a\.example, but the stack manages the cluster at https:\/\/b\.example:6443 \(context b reaches it/],
    ["no endpoint recorded", two, undefined, /recorded no API endpoint/],
    ["no current context", stringify({ contexts: [{ name: "a", context: { cluster: "a" } }], clusters: [{ name: "a", cluster: { server: "https://a.example" } }] }), "https://a.example", /names no current context \(contexts: a\)/],
    ["a current context that is not there", config("zz", { a: "https://a.example" }), "https://a.example", /current context "zz" names no cluster/],
    ["not a kubeconfig", "::: [", "https://a.example", /not valid YAML or JSON/],
    ["another port", config("a", { a: "https://a.example:6443" }), "https://a.example:7443", /reaches https:\/\/a\.example:6443/],
  ])("refuses %s", (_what, kubeconfig, endpoint, reason) => {
    const r = pinKubeconfig(kubeconfig, endpoint);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it("compares API servers as URLs: scheme, host case, default port, trailing slash", () => {
    expect(sameServer("https://x.example", "https://X.example:443/")).toBe(true);
    expect(sameServer("https://x.example", "http://x.example")).toBe(false);
    expect(sameServer("https://x.example:6443", "https://x.example")).toBe(false);
    expect(sameServer("not a url", "not a url")).toBe(false);
  });
});
