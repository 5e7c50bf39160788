// `clusterfleet/testing`: unit-test your own fleet program the Pulumi way, on the mocks ClusterFleet's
// own tests, `clusterfleet preview` and `clusterfleet report` use.
export { MissingProviderOutputError } from "../../components/provider-output.ts";
export { PLACEHOLDER_SSH_PRIVATE_KEY } from "../plan/secrets.ts";
export { runUnderMocks, stackConfigToRuntime, type MockRun, type MockRunOptions } from "../preview/mock-run.ts";
export { RecordingMonitor, type RecordedResource } from "../preview/recording-monitor.ts";
export { fleetMocks, UnmockedCallError, type FleetMocksOptions, type InvokeFn, type StateFn } from "./fleet-mocks.ts";
