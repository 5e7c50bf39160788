import { TOKENS } from "../../../components/tokens.ts";
import { registerHaFacts } from "../ha-facts.ts";

registerHaFacts(TOKENS.adopted, () => ({ zones: [], controlPlane: "adopted: managed by its owner, not by ClusterFleet" }));
