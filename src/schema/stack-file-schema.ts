// JSON Schema of a whole stack file, `Pulumi.<stack>.yaml`, for editors: the file's own keys (Pulumi's
// stack settings file reference, https://www.pulumi.com/docs/iac/concepts/projects/stack-settings-file/:
// secretsprovider, encryptedkey, encryptionsalt, config, environment) and, under `config`, every key
// of the `clusterfleet` namespace the program reads (src/program.ts, src/program/observed-source.ts).
// Keys of other namespaces (`aws:region`, ...) are left to their providers.
import { editorFleetSchema } from "./editor-schema.ts";

type Json = Record<string, unknown>;

/** A secret config value: as `pulumi config set --secret` writes it, or plain text (offline runs, tests). */
const SECRET_VALUE = {
  description: "A secret: `pulumi config set --secret <key> <value>` stores it encrypted as { secure: <ciphertext> }.",
  anyOf: [
    { type: "string" },
    { type: "object", properties: { secure: { type: "string" } }, required: ["secure"], additionalProperties: false },
  ],
};

/** `pulumi config set <key> true` stores the string; the program reads both (Config.getBoolean). */
const BOOLEAN_VALUE = { anyOf: [{ type: "boolean" }, { type: "string", enum: ["true", "false"] }] };

/** The clusterfleet keys that are not secrets (listed under `properties`). */
const NAMED = ["fleet", "now", "readPreviousDeployment", "observed", "health", "decommission", "shard", "shardOutputs", "adoptMovedState"];

export function stackFileJsonSchema(): Json {
  const { $schema, $id: _fleetId, title: _fleetTitle, ...fleet } = editorFleetSchema();
  return {
    $schema,
    $id: "https://clusterfleet.dev/schema/stack.json",
    title: "ClusterFleet stack file (Pulumi.<stack>.yaml)",
    type: "object",
    properties: {
      secretsprovider: { type: "string", description: "The secrets provider that encrypts this stack's secret config values." },
      encryptedkey: { type: "string", description: "KMS-encrypted data key (cloud secrets providers)." },
      encryptionsalt: { type: "string", description: "Encryption salt (passphrase secrets provider)." },
      environment: { description: "Pulumi ESC environment(s) imported into this stack's config." },
      config: {
        type: "object",
        description: "The stack's configuration: `clusterfleet:*` keys for ClusterFleet, other namespaces for their providers.",
        properties: {
          "clusterfleet:fleet": { ...fleet, description: "The fleet spec: every cluster, jurisdiction and default of this stack." },
          "clusterfleet:now": { type: "string", description: "Plan as of this time (ISO date or date-time) instead of the clock; for decommission dates." },
          "clusterfleet:readPreviousDeployment": { ...BOOLEAN_VALUE, description: "false: do not read the previous deployment's `observed` output (a fresh plan). Default true." },
          "clusterfleet:observed": { type: "object", description: "The previous deployment's observed state, instead of reading it from the stack." },
          "clusterfleet:health": { type: "object", additionalProperties: BOOLEAN_VALUE, description: "Per cluster, whether it was reported healthy (gates waves with gate: healthy)." },
          "clusterfleet:decommission": { type: "array", items: { type: "string" }, description: "Set by `clusterfleet decommission --yes` for its own run only; never set it by hand." },
          "clusterfleet:shard": { type: "string", description: "The shard this stack renders (a shard stack `<stack>.<shard>`; set by `clusterfleet up`, the operator's Stack objects and the CI example)." },
          "clusterfleet:adoptMovedState": { ...BOOLEAN_VALUE, description: "Set by `clusterfleet up` for a shard's first update after `clusterfleet migrate` moved its state: the moved resources are adopted, not re-created." },
          "clusterfleet:shardOutputs": {
            type: "object",
            additionalProperties: { type: "object" },
            description: "Plain outputs of predecessor shards on another backend, by shard (set by `clusterfleet up`; their secret outputs are in the secret clusterfleet:shardSecrets).",
          },
        },
        required: ["clusterfleet:fleet"],
        // Any other clusterfleet key is a secret the plan names (kubeconfig-<cluster>, ssh-key-<cluster>,
        // or a key given by existing.kubeconfigKey / kubeadm.ssh.privateKeyKey).
        patternProperties: { [`^clusterfleet:(?!(${NAMED.join("|")})$)`]: SECRET_VALUE },
      },
    },
    required: ["config"],
    additionalProperties: false,
  };
}
