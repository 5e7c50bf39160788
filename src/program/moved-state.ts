// A shard's first update after `clusterfleet migrate`: `pulumi state move` leaves every moved
// resource whose parent stayed behind (the fleet's components are not moved: every shard registers
// them afresh) at the top of the shard's stack, under a URN without its parents' types. The program
// registers the same resource under its components, so each gets an alias to that top-level URN: the
// engine then takes the moved state as this resource's and records it under the new URN, with no
// create and no delete (https://www.pulumi.com/docs/iac/concepts/options/aliases/). Only for that
// update: `clusterfleet up` sets clusterfleet:adoptMovedState until the shard's first success.
import * as pulumi from "@pulumi/pulumi";

export function adoptMovedResources(): void {
  pulumi.runtime.registerStackTransformation((args) => {
    const parent = args.opts.parent;
    // Our components are not moved (every shard registers them anew). The resource is still being
    // constructed here, so CustomResource.isInstance cannot tell: the type does.
    if (!parent || args.type.startsWith("clusterfleet:")) return undefined;
    return { props: args.props, opts: { ...args.opts, aliases: [...(args.opts.aliases ?? []), pulumi.createUrn(args.name, args.type)] } };
  });
}
