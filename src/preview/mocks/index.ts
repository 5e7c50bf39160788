// Computed outputs of the mocked providers, and how to read each provider's HA facts.
// Importing this module registers them all.
import "../ha-facts/existing.ts";
import "./addons.ts";
