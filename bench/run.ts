// `npm run bench`: every benchmark, one run, ratios printed. The README reports these figures.
import { benchNetwork } from "./network.bench.ts";
import { benchPlan } from "./plan.bench.ts";
import { benchProgram } from "./program.bench.ts";

process.stdout.write(`ClusterFleet benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
benchPlan();
benchProgram();
await benchNetwork();
