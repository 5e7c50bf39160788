// Which Node runs ClusterFleet, checked before anything else by the CLI (bin/clusterfleet.js) and by
// `npm test` (pretest). Plain JavaScript that every Node still in use can parse: an older Node must
// get this sentence, not a stack trace about a ".ts" extension or a missing `Map.groupBy`.
//
// ClusterFleet's CLI, Pulumi program and tests are TypeScript files that Node runs by stripping their
// types. Type stripping is on by default from v22.18.0 and v23.6.0 ("Type stripping is enabled by
// default", https://nodejs.org/api/typescript.html, history table); 23.0-23.5 needed a flag. The
// dependency tree then raises the floor by one minor: undici (under @kubernetes/client-node)
// declares engines.node ">=22.19.0", which `npm ci` enforces (.npmrc engine-strict=true).
// package.json's `engines` says the same; test/cli/node-version.test.ts holds them together.
import { pathToFileURL } from "node:url";

/** The oldest supported release of each Node line, [major, minor]; every later major is supported. */
export const SUPPORTED = [
  [22, 19],
  [23, 6],
];

const HOW_TO_GET_NODE_24 =
  "Install Node 24 LTS: https://nodejs.org/en/download, or with a version manager: " +
  "`nvm install 24` (this project's .nvmrc says 24, so `nvm use` works), `fnm use --install-if-missing 24`, " +
  "or `volta install node@24`.";

/**
 * The refusal to print for Node `version` (process.versions.node, e.g. "20.20.2"), or undefined when
 * it runs ClusterFleet.
 * @param {string} version
 * @returns {string | undefined}
 */
export function nodeVersionProblem(version) {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const last = SUPPORTED[SUPPORTED.length - 1];
  const ok = major > last[0] || SUPPORTED.some(([m, n]) => major === m && minor >= n);
  return ok ? undefined : `ClusterFleet needs Node 22.19+ (you have ${version}). ${HOW_TO_GET_NODE_24}`;
}

// Run as a script (`node bin/node-version.js`, the pretest step): exit 1 with the message.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
