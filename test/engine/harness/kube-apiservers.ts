// Real Kubernetes API servers for the engine tests, started as envtest starts them: one etcd, and one
// kube-apiserver per cluster the test needs, each with its own etcd prefix (so clusters do not see each
// other's objects), serving TLS on 127.0.0.1 with a CA made here, and accepting one static admin token.
// Beside each, a kube-controller-manager with the controllers ClusterFleet's objects depend on
// (service-account tokens filled in, namespaces finalised on delete, released Delete-policy volumes
// deleted, garbage collected, ValidatingAdmissionPolicies' expressions type-checked into their status). No scheduler and no kubelet: workloads are stored and admitted, never run.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { stringify } from "yaml";

export interface ApiServer {
  readonly name: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** Base64 PEM of the CA that signed the serving certificate. */
  readonly caData: string;
  readonly token: string;
  /** An admin kubeconfig with a static token. */
  readonly kubeconfig: string;
}

export const ADMIN_TOKEN = "clusterfleet-engine-tests-admin-token";

export class KubeApiServers {
  private readonly processes: ChildProcess[] = [];
  private readonly started = new Map<string, ApiServer>();
  private etcdUrl: string | undefined;
  private readonly logs: string[] = [];

  private readonly bin: string;
  private readonly dir: string;

  constructor(bin: string, dir: string) {
    this.bin = bin;
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  /** One API server per name, started on first use (a few seconds each). */
  async get(name: string): Promise<ApiServer> {
    const known = this.started.get(name);
    if (known) return known;
    const etcd = this.etcdUrl ?? (await this.startEtcd());
    const api = await this.startApiServer(name, etcd);
    this.startControllerManager(api);
    this.started.set(name, api);
    return api;
  }

  stop(): void {
    for (const p of this.processes.reverse()) p.kill("SIGTERM");
  }

  private async startEtcd(): Promise<string> {
    const [client, peer] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${client}`;
    this.spawn("etcd", [
      `--data-dir=${join(this.dir, "etcd")}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-cluster=default=http://127.0.0.1:${peer}`,
      "--unsafe-no-fsync",
    ]);
    await waitFor(async () => (await fetch(`${url}/health`)).ok, "etcd");
    this.etcdUrl = url;
    return url;
  }

  private async startApiServer(name: string, etcd: string): Promise<ApiServer> {
    const dir = join(this.dir, name);
    mkdirSync(dir, { recursive: true });
    const pki = certificates(dir);
    const port = await freePort();
    writeFileSync(join(dir, "tokens.csv"), `${ADMIN_TOKEN},clusterfleet-admin,1,"system:masters"\n`);
    this.spawn("kube-apiserver", [
      `--etcd-servers=${etcd}`,
      `--etcd-prefix=/${name}`,
      `--secure-port=${port}`,
      "--bind-address=127.0.0.1",
      `--tls-cert-file=${pki.cert}`,
      `--tls-private-key-file=${pki.key}`,
      `--client-ca-file=${pki.ca}`,
      `--token-auth-file=${join(dir, "tokens.csv")}`,
      "--service-cluster-ip-range=10.0.0.0/24",
      "--authorization-mode=RBAC",
      "--disable-admission-plugins=ServiceAccount",
      "--allow-privileged=true",
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      `--cert-dir=${dir}`,
    ]);
    const server = `https://127.0.0.1:${port}`;
    const caPem = readFileSync(pki.ca, "utf8");
    await waitFor(async () => {
      const r = await fetchWithCa(`${server}/readyz`, caPem);
      return r === 200;
    }, `kube-apiserver ${name}`);
    const caData = Buffer.from(caPem).toString("base64");
    const kubeconfig = stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": name,
      clusters: [{ name, cluster: { server, "certificate-authority-data": caData } }],
      contexts: [{ name, context: { cluster: name, user: "admin" } }],
      users: [{ name: "admin", user: { token: ADMIN_TOKEN } }],
    });
    return { name, server, caData, token: ADMIN_TOKEN, kubeconfig };
  }

  private startControllerManager(api: ApiServer): void {
    const dir = join(this.dir, api.name);
    writeFileSync(join(dir, "kubeconfig"), api.kubeconfig);
    this.spawn("kube-controller-manager", [
      `--kubeconfig=${join(dir, "kubeconfig")}`,
      "--leader-elect=false",
      "--secure-port=0",
      "--use-service-account-credentials=false",
      "--controllers=serviceaccount-token,serviceaccount,namespace,garbagecollector,persistentvolume-binder,pv-protection,pvc-protection,validatingadmissionpolicy-status-controller",
      `--service-account-private-key-file=${join(dir, "sa.key")}`,
      `--root-ca-file=${join(dir, "ca.crt")}`,
      `--cluster-signing-cert-file=${join(dir, "ca.crt")}`,
      `--cluster-signing-key-file=${join(dir, "ca.key")}`,
      // The in-tree hostPath deleter: a released Delete-policy volume is deleted, as a CSI driver would.
      "--enable-hostpath-provisioner=true",
    ]);
  }

  private spawn(binary: string, args: string[]): void {
    const child = spawn(join(this.bin, binary), args, { stdio: ["ignore", "ignore", "pipe"] });
    child.on("error", (e) => this.logs.push(`${binary}: ${e.message}\n`));
    child.stderr?.on("data", (d: Buffer) => {
      this.logs.push(d.toString());
      if (this.logs.length > 200) this.logs.shift();
    });
    this.processes.push(child);
  }

  /** The last lines the servers printed, for a failing test's message. */
  recentLogs(): string {
    return this.logs.join("").slice(-4000);
  }
}

function certificates(dir: string): { ca: string; cert: string; key: string; saKey: string; saPub: string } {
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f("ca.key"), "-out", f("ca.crt"), "-days", "2", "-subj", "/CN=clusterfleet-engine-test-ca");
  ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f("apiserver.key"), "-out", f("apiserver.csr"), "-subj", "/CN=kube-apiserver");
  writeFileSync(f("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n");
  ssl("x509", "-req", "-in", f("apiserver.csr"), "-CA", f("ca.crt"), "-CAkey", f("ca.key"), "-CAcreateserial", "-out", f("apiserver.crt"), "-days", "2", "-extfile", f("san.ext"));
  ssl("genrsa", "-out", f("sa.key"), "2048");
  ssl("rsa", "-in", f("sa.key"), "-pubout", "-out", f("sa.pub"));
  return { ca: f("ca.crt"), cert: f("apiserver.crt"), key: f("apiserver.key"), saKey: f("sa.key"), saPub: f("sa.pub") };
}

async function fetchWithCa(url: string, caPem: string): Promise<number> {
  const { request } = await import("node:https");
  return new Promise((resolve) => {
    const req = request(url, { ca: caPem, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.end();
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}
