// Entry of the TEST STAND-IN provider plugins: `node main.ts <package> <engine address>`, started by the
// engine through the `pulumi-resource-<package>` shims that test/engine/harness/standin-bin.ts writes.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { main } from "@pulumi/pulumi/provider/index.js";
import { standinProvider } from "./standin-provider.ts";

const [pkg, ...args] = process.argv.slice(2);
if (!pkg) {
  console.error("usage: main.ts <package> <engine address>");
  process.exit(2);
}
// Report the version of the provider SDK package installed here, so the engine does not warn that the
// plugin on PATH is older than the SDK asks for (it takes a plugin from PATH whatever its version).
const sdk = JSON.parse(readFileSync(createRequire(import.meta.url).resolve(`@pulumi/${pkg}/package.json`), "utf8")) as { version: string };
await main(standinProvider(pkg, sdk.version), args);
