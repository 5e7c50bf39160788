// Another shard's outputs passed as config, for a shard whose predecessor keeps its state in another
// backend: a StackReference reads only the backend the update runs on, so `clusterfleet up` reads
// those stacks itself and passes their outputs to the shard's stack, plain ones as
// `clusterfleet:shardOutputs` and secret ones, encrypted for the shard's own stack, as
// `clusterfleet:shardSecrets` (shard name → output name → value; every passed shard has an entry in
// the plain map). The program reads them through the same two calls it makes on a StackReference.
import * as pulumi from "@pulumi/pulumi";

export const SHARD_OUTPUTS_KEY = "clusterfleet:shardOutputs";
export const SHARD_SECRETS_KEY = "clusterfleet:shardSecrets";

/** What the ShardReader asks of a predecessor's stack: a StackReference, or its outputs passed as config. */
export interface ShardOutputs {
  requireOutput(name: string): pulumi.Output<unknown>;
  getOutputDetails(name: string): Promise<{ value?: unknown; secretValue?: unknown }>;
}

type ByShard = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The outputs the stack's config passes for other shards; undefined when it passes none. */
export class PassedOutputs {
  private readonly plain: ByShard;
  /** Secret config stays a secret Output: never a plain value in this program. */
  private readonly secret: pulumi.Output<ByShard> | undefined;
  private constructor(plain: ByShard, secret: pulumi.Output<ByShard> | undefined) {
    this.plain = plain;
    this.secret = secret;
  }

  static fromConfig(config: pulumi.Config): PassedOutputs | undefined {
    const plain = config.getObject<ByShard>("shardOutputs");
    const secret = config.getSecretObject<ByShard>("shardSecrets");
    return plain || secret ? new PassedOutputs(plain ?? {}, secret) : undefined;
  }

  /**
   * Whether the config passes this shard's outputs (then no StackReference is made to it). Every
   * passed shard has an entry in the plain map, `{}` when all its outputs are secret: which shards
   * are passed must be known without reading a secret.
   */
  has(shard: string): boolean {
    return this.plain[shard] !== undefined;
  }

  of(shard: string): ShardOutputs {
    const plain = this.plain[shard] ?? {};
    const secret = this.secret;
    const missing = (name: string) => new Error(`the stack's config passes no output \`${name}\` of shard ${shard} (${SHARD_OUTPUTS_KEY}, ${SHARD_SECRETS_KEY}): run it through \`clusterfleet up\`, which reads it from that shard's backend`);
    return {
      requireOutput: (name) => {
        if (name in plain) return pulumi.output(plain[name]);
        if (!secret) throw missing(name);
        return secret.apply((m) => {
          const v = m[shard]?.[name];
          if (v === undefined) throw missing(name);
          return v;
        });
      },
      getOutputDetails: async (name) => {
        if (name in plain) return { value: plain[name] };
        if (!secret) return {};
        const v = await new Promise<unknown>((resolve) => secret.apply((m) => resolve(m[shard]?.[name])));
        return v === undefined ? {} : { secretValue: v };
      },
    };
  }
}
