// `npm run docs`: rewrites the generated parts of README.md (the config reference) from the schema.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceGenerated } from "../src/spec/readme-blocks.ts";
import { configReferenceMarkdown } from "../src/spec/reference.ts";

const file = join(import.meta.dirname, "..", "README.md");
writeFileSync(file, replaceGenerated(readFileSync(file, "utf8"), "config-reference", configReferenceMarkdown()));
