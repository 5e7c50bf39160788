// The README's command samples, produced by running the commands (in-process, the real CLI entry)
// on the shipped stacks and examples, at a fixed date. `npm run docs` writes them into README.md
// between `<!-- sample:NAME:start/end -->` markers; test/docs.test.ts fails when they drift.
import { main } from "../src/cli/main.ts";

/** The date the samples are run at (the shipped stacks' decommission dates are relative to it). */
export const SAMPLE_NOW = new Date("2026-11-21T00:00:00Z");

interface Sample {
  /** The command as the README shows it (a user's clock instead of --now). */
  readonly shown: string;
  readonly argv: readonly string[];
  /** Keeps the README short: which lines of the output to show. */
  readonly abridge?: (lines: string[]) => string[];
}

/** The section that starts at the line `title` (up to the next line starting with a capital), first `n` lines, then "...". */
function section(lines: string[], title: string, n: number): string[] {
  const start = lines.indexOf(title);
  if (start < 0) throw new Error(`sample output has no section "${title}"`);
  let end = lines.findIndex((l, i) => i > start && /^[A-Z]/.test(l));
  if (end < 0) end = lines.length;
  const body = lines.slice(start, end);
  return body.length > n ? [...body.slice(0, n), "..."] : body;
}

export const SAMPLES: Readonly<Record<string, Sample>> = {
  "preview-global": {
    shown: "npx clusterfleet preview --stack global",
    argv: ["preview", "--stack", "global"],
    abridge: (l) => [l[0]!, "", ...section(l, "By cluster", 12), ...section(l, "By type", 7), ...section(l, "Resource tree", 8)],
  },
  "plan-prod-eu": { shown: "npx clusterfleet plan --stack prod-eu", argv: ["plan", "--stack", "prod-eu"] },
  "plan-mistakes": { shown: "npx clusterfleet plan examples/mistakes.yaml", argv: ["plan", "examples/mistakes.yaml"] },
  "plan-upgrade": {
    shown: "npx clusterfleet plan --stack global --observed examples/observed-global.yaml",
    argv: ["plan", "--stack", "global", "--observed", "examples/observed-global.yaml"],
    abridge: (l) => [...section(l, "Fleet acme: 11 clusters, 9 links", 8), ...section(l, "Why (per cluster)", 6)],
  },
  "shards-global": {
    shown: "npx clusterfleet shards --stack global",
    argv: ["shards", "--stack", "global"],
    abridge: (l) => [...l.slice(0, 8), ...l.filter((x) => /global\.(fabric|mesh-ap-aws)/.test(x)), "..."],
  },
  "operator-global": {
    shown: "npx clusterfleet operator --stack global --project-repo https://github.com/acme/fleet.git",
    argv: ["operator", "--stack", "global", "--project-repo", "https://github.com/acme/fleet.git"],
    // The header, then one shard's Stack with the inlined fleet elided.
    abridge: (l) => {
      const docs = l.join("\n").split("\n---\n");
      const one = docs[1]!.split("\n");
      const from = one.indexOf("    clusterfleet:fleet:");
      const to = one.findIndex((x) => x.startsWith("    clusterfleet:shard:"));
      return [...docs[0]!.split("\n").filter((x) => x.startsWith("#")), "---", ...one.slice(0, from + 1), "      # ... the stack file's fleet, as it is", ...one.slice(to), "---", "# ... one Stack per shard"];
    },
  },
  "report-shards": {
    shown: "npx clusterfleet report --stack global",
    argv: ["report", "--stack", "global"],
    abridge: (l) => section(l, "Where each shard's state lives", 8),
  },
};

/** Runs one sample's command (from the project folder) and renders it as a fenced block. */
export async function renderSample(name: string): Promise<string> {
  const s = SAMPLES[name];
  if (!s) throw new Error(`no README sample "${name}"`);
  const lines: string[] = [];
  const write = (text: string) => lines.push(...text.split("\n"));
  const code = await main([...s.argv, "--now", SAMPLE_NOW.toISOString()], { out: write, err: write, now: () => SAMPLE_NOW });
  const shown = s.abridge ? s.abridge(lines) : lines;
  const exit = code === 0 ? [] : [`(exit status ${code})`];
  return ["```", `$ ${s.shown}`, ...shown.map((l) => l.trimEnd()), ...exit, "```"].join("\n");
}
