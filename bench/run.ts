// `npm run bench`: every benchmark, one run, ratios printed. The README reports these figures.
import { benchCliStartup } from "./cli-startup.bench.ts";
import { benchConsumerTypecheck } from "./consumer-typecheck.bench.ts";
import { benchNetwork } from "./network.bench.ts";
import { benchPlan } from "./plan.bench.ts";
import { benchProgram } from "./program.bench.ts";
import { benchReport } from "./report.bench.ts";
import { benchShard } from "./shard.bench.ts";
import { benchShardPreview } from "./shard-preview.bench.ts";
import { benchStackTraceLimit } from "./stack-trace-limit.bench.ts";

process.stdout.write(`ClusterFleet benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
benchCliStartup();
benchConsumerTypecheck();
benchPlan();
benchProgram();
benchReport();
benchShard();
benchStackTraceLimit();
await benchNetwork();
// The longest (about 25 minutes on 2 cores): every shard of a 100-cluster fleet against its single stack.
await benchShardPreview(100, [1, 2]);
