// Kubernetes minor arithmetic: "1.35" compared, stepped and measured in minors.

export interface Minor {
  readonly major: number;
  readonly minor: number;
}

export function parseMinor(v: string): Minor | undefined {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(v.trim().replace(/^v/, ""));
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** Minors from `a` up to `b` (negative when b is older). Versions of different majors are not comparable. */
export function minorDistance(a: string, b: string): number | undefined {
  const x = parseMinor(a);
  const y = parseMinor(b);
  if (!x || !y || x.major !== y.major) return undefined;
  return y.minor - x.minor;
}

export function formatMinor(v: string): string {
  const m = parseMinor(v);
  return m ? `${m.major}.${m.minor}` : v;
}

export function nextMinor(v: string): string {
  const m = parseMinor(v);
  if (!m) throw new Error(`not a Kubernetes version: ${v}`);
  return `${m.major}.${m.minor + 1}`;
}
