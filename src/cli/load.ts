// Reading what the CLI plans: a stack file in the Pulumi config layout (`--stack NAME` or a path),
// or a plain fleet YAML/JSON file; and `--observed FILE` (observed state, or a previous plan).
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { observedFromPlan, parseObserved, type ObservedFleet } from "../plan/observed.ts";
import { SPEC_LIMITS } from "../spec/bounds.ts";
import type { FleetPlan } from "../plan/types.ts";
import { CliError, EXIT } from "./errors.ts";

export const FLEET_CONFIG_KEY = "clusterfleet:fleet";

export interface LoadedFleet {
  /** What the user named: the stack file path or the fleet file path. */
  readonly source: string;
  readonly stack?: string;
  readonly spec: unknown;
  /** The stack's whole `config:` map, when read from a stack file. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** The folder holding Pulumi.yaml, from `start` upward. */
export function findProjectRoot(start: string = process.cwd()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function stackFilePath(stack: string, start?: string): string {
  const root = findProjectRoot(start);
  if (!root) throw new CliError(`--stack ${stack}: no Pulumi.yaml in this folder or above it; run from the project, or give a stack file path`);
  const project = readYaml(join(root, "Pulumi.yaml")) as { stackConfigDir?: string } | undefined;
  const file = join(root, project?.stackConfigDir ?? ".", `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) throw new CliError(`--stack ${stack}: ${file} does not exist`);
  return file;
}

export function loadFleet(opts: { stack?: string; file?: string }): LoadedFleet {
  if (opts.stack && opts.file) throw new CliError("give either --stack NAME or a FILE, not both", EXIT.usage);
  if (!opts.stack && !opts.file) throw new CliError("give --stack NAME or a FILE (a stack file or a fleet YAML/JSON)", EXIT.usage);
  const path = opts.stack ? stackFilePath(opts.stack) : resolve(opts.file!);
  const doc = readYaml(path);
  if (doc && typeof doc === "object" && "config" in doc) {
    const config = (doc as { config?: Record<string, unknown> }).config ?? {};
    if (!(FLEET_CONFIG_KEY in config)) throw new CliError(`${path}: the stack file has no \`${FLEET_CONFIG_KEY}\` config key`);
    const stack = opts.stack ?? /Pulumi\.(.+)\.ya?ml$/.exec(path)?.[1];
    return { source: opts.file ?? path, ...(stack ? { stack } : {}), spec: config[FLEET_CONFIG_KEY], config };
  }
  return { source: opts.file ?? path, spec: doc };
}

export function loadObserved(file: string): ObservedFleet {
  const doc = readYaml(resolve(file));
  if (doc && typeof doc === "object" && (doc as { kind?: unknown }).kind === "FleetPlan") return observedFromPlan(doc as FleetPlan);
  try {
    return parseObserved(doc);
  } catch (e) {
    throw new CliError(`--observed ${file}: ${(e as Error).message}`);
  }
}

/**
 * The largest spec, stack or observed file the CLI reads. A fleet of hundreds of clusters is well
 * under 1 MB; past this size a file is refused before it is parsed (a 10-92 MB JSON spec used to
 * exhaust the heap in the YAML parser and die with a native stack dump).
 */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** A YAML or JSON file: JSON (a `.json` name, or text starting with `{` or `[`) by the JSON parser. */
export function readYaml(path: string): unknown {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_INPUT_BYTES) throw new CliError(`${path}: ${(size / 1024 / 1024).toFixed(1)} MB is larger than the ${MAX_INPUT_BYTES / 1024 / 1024} MB a spec, stack or observed file may be; is it the right file?`);
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (text.trim() === "") throw new CliError(`${path}: the file is empty; expected a fleet spec (YAML or JSON), a Pulumi stack file, or an observed state`);
  const json = path.endsWith(".json") || /^\s*[[{]/.test(text);
  try {
    return json ? JSON.parse(text) : parse(text, { prettyErrors: true });
  } catch (e) {
    // The YAML parser recurses: a document nested thousands deep overflows the stack.
    if (e instanceof RangeError) throw new CliError(`${path}: nested too deeply to read (the spec allows ${SPEC_LIMITS.maxDepth} levels)`);
    if (json && !path.endsWith(".json")) {
      // Text starting with { or [ may also be YAML flow style: try that before refusing.
      try {
        return parse(text, { prettyErrors: true });
      } catch {
        // fall through to the JSON parser's message, which names the position
      }
    }
    throw new CliError(`${path}: not valid ${json ? "JSON" : "YAML or JSON"}: ${(e as Error).message}`);
  }
}

export function parseNowOption(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new CliError(`--now: got ${JSON.stringify(value)}; expected an ISO date or date-time such as 2026-11-21 or 2026-11-21T08:00:00Z`, EXIT.usage);
  return new Date(t);
}
