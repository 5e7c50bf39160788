// One engine session (scratch project, backend, stand-ins) and its API servers per test file, torn
// down after it; `ready` receives them once they exist.
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { KubeApiServers } from "./kube-apiservers.ts";
import { EngineSession } from "./session.ts";

export function useEngine(ready: (session: EngineSession, apis: KubeApiServers) => void): void {
  let session: EngineSession | undefined;
  let apis: KubeApiServers | undefined;
  beforeAll(() => {
    session = new EngineSession();
    apis = new KubeApiServers(session.toolchain.bin, join(session.dir, "apiservers"));
    ready(session, apis);
  });
  afterAll(() => {
    apis?.stop();
    session?.close();
  });
}
