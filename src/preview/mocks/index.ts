// Computed outputs of the mocked providers, and how to read each provider's HA facts.
// Importing this module registers them all.
import "../ha-facts/existing.ts";
import "./aws.ts";
import "./azure.ts";
import "./gcp.ts";
import "../ha-facts/kubeadm.ts";
import "./kubeadm.ts";
import "./addons.ts";
import "./network.ts";
