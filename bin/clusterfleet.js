#!/usr/bin/env node
// The `clusterfleet` command. First the Node check, in syntax every Node parses: an older Node would
// otherwise die on a `.ts` file with a stack trace that does not say why (bin/node-version.js).
import { nodeVersionProblem } from "./node-version.js";

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}

const { existsSync } = await import("node:fs");
const { fileURLToPath } = await import("node:url");
const { enableCompileCache } = await import("node:module");
// Keep V8's compiled code and Node's type-stripped sources between runs (in the OS temp folder, or
// NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off): measured, it halves the start of
// every command (bench/cli-startup.bench.ts).
enableCompileCache?.();

// In a checkout, run the TypeScript source (Node strips the types); installed under node_modules,
// where Node will not strip types, run the compiled dist/ (built by `prepare` / `prepack`).
const source = new URL("../src/cli/main.ts", import.meta.url);
const compiled = new URL("../dist/src/cli/main.js", import.meta.url);
const inNodeModules = fileURLToPath(import.meta.url).split(/[\\/]/).includes("node_modules");
const entry = !inNodeModules && existsSync(fileURLToPath(source)) ? source : compiled;
// `clusterfleet schema | head -1`: the reader has what it wanted and left. Like cat or ls, stop
// quietly instead of printing an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
