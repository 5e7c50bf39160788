// The Pulumi CLI reads stack files as YAML 1.1, where an unquoted `2026-10-31` is a timestamp, and
// hands it to the program as Go prints a time.Time: "2026-10-31 00:00:00 +0000 UTC". `clusterfleet plan`
// (YAML 1.2) reads the same file as the string "2026-10-31". Found by the engine tests: a retired
// cluster's unquoted `decommissionAfter` was refused on `pulumi up` only. Turn such values back into
// the ISO text the user wrote, so both read the stack file alike.
const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) \+0000 UTC$/;

export function isoFromGoTimestamps(value: unknown): unknown {
  if (typeof value === "string") {
    const m = GO_TIME.exec(value);
    if (!m) return value;
    return m[2] === "00:00:00" ? m[1] : `${m[1]}T${m[2]}Z`;
  }
  if (Array.isArray(value)) return value.map(isoFromGoTimestamps);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isoFromGoTimestamps(v)]));
  return value;
}
