#!/usr/bin/env node
// In a checkout, run the TypeScript source (Node 22.18+ strips the types); installed from the
// registry (under node_modules, where Node will not strip types), run the compiled dist/.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

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
