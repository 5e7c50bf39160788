// What a resource type accepts, read from the provider SDK's own declarations (`<Type>Args` in the
// package's .d.ts), so a stand-in's Check refuses what the real provider would: a property the type
// does not have, or a required one left out. Only top-level properties are checked; nested shapes
// are the real provider's business and cannot be known here without its schema.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface DeclaredInputs {
  readonly all: ReadonlySet<string>;
  readonly required: ReadonlySet<string>;
}

const require = createRequire(import.meta.url);
const cache = new Map<string, DeclaredInputs | undefined>();

/**
 * `aws:ec2/vpc:Vpc` → `@pulumi/aws/ec2/vpc.d.ts`, interface `VpcArgs`;
 * `azure-native:containerservice:ManagedCluster` → `@pulumi/azure-native/containerservice/managedCluster.d.ts`.
 * Undefined when the declarations cannot be found (then nothing is checked, and the caller says so).
 */
export function declaredInputs(type: string): DeclaredInputs | undefined {
  if (cache.has(type)) return cache.get(type);
  const found = read(type);
  cache.set(type, found);
  return found;
}

function read(type: string): DeclaredInputs | undefined {
  const [pkg, mod, cls] = type.split(":");
  if (!pkg || mod === undefined || !cls) return undefined;
  const file = mod.includes("/") ? mod : `${mod === "index" ? "" : `${mod}/`}${cls[0]!.toLowerCase()}${cls.slice(1)}`;
  let text: string;
  try {
    text = readFileSync(require.resolve(`@pulumi/${pkg}/${file.replace(/^index\//, "")}.d.ts`), "utf8");
  } catch {
    return undefined;
  }
  const start = text.indexOf(`export interface ${cls}Args {`);
  if (start < 0) return { all: new Set(), required: new Set() };
  const end = text.indexOf("\n}", start);
  const body = text.slice(start, end);
  const all = new Set<string>();
  const required = new Set<string>();
  // Generated declarations put each top-level property on its own line, indented four spaces.
  for (const m of body.matchAll(/^ {4}(\w+)(\??): /gm)) {
    all.add(m[1]!);
    if (m[2] !== "?") required.add(m[1]!);
  }
  return { all, required };
}
