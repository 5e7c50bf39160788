// `npm run docs`: rewrites the generated parts of README.md: the config reference (from the schema)
// and the command samples (from real runs of the commands, scripts/readme-samples.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceGenerated } from "../src/spec/readme-blocks.ts";
import { configReferenceMarkdown } from "../src/spec/reference.ts";
import { renderSample, SAMPLES } from "./readme-samples.ts";

const root = join(import.meta.dirname, "..");
process.chdir(root); // the samples run `--stack NAME` from the project folder, as a user does
const file = join(root, "README.md");
let readme = replaceGenerated(readFileSync(file, "utf8"), "config-reference", configReferenceMarkdown());
for (const name of Object.keys(SAMPLES)) readme = replaceGenerated(readme, `sample:${name}`, await renderSample(name));
writeFileSync(file, readme);
