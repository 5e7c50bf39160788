// The bootstrap token, the certificate key, the SSH key and the admin kubeconfig never appear
// unencrypted in any input or output: they travel as Pulumi secrets (stdin, connection), commands
// that print secrets mark their outputs secret, and the kubeconfig crosses the wire encrypted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { decryptKubeconfig, encryptLikeOpenssl, opensslEncrypt, pinServer } from "../../../components/kubeadm/kubeconfig.ts";
import { PLACEHOLDER_SSH_PRIVATE_KEY } from "../../../src/plan/secrets.ts";
import { plainStringsIn, SecretValue } from "../../../src/preview/wire-values.ts";
import { exposedKubeconfigs } from "../../fixtures/graph.ts";
import { cmd, commands, innerScript, planEuDc, render, secretText } from "./render.ts";

const SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-test-only-not-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n";

describe("secrets of a kubeadm cluster", async () => {
  const run = await render(planEuDc(), SSH_KEY);
  const join = parseAllDocuments(secretText(cmd(run, "join", "cp-b").inputs["stdin"]).split("\n").filter((l) => !l.startsWith("#--- ")).join("\n"))[0]!.toJS() as {
    discovery: { bootstrapToken: { token: string } };
    controlPlane: { certificateKey: string };
  };
  const token = join.discovery.bootstrapToken.token;
  const certificateKey = join.controlPlane.certificateKey;
  const kubeconfig = secretText(run.resources.find((r) => r.type === "pulumi:providers:kubernetes")!.inputs["kubeconfig"]);
  const everywhere = [...run.resources.map((r) => r.inputs), run.outputs, ...run.componentOutputs.values()].flatMap((v) => plainStringsIn(v));

  it("are well-formed: a kubeadm token and a 32-byte hex certificate key", () => {
    expect(token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(certificateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(kubeconfig).toMatch(/client-key-data/);
  });

  it("never appear in a plain string of any input or output", () => {
    expect(everywhere.length).toBeGreaterThan(50); // scripts, names, triggers: the search is not vacuous
    for (const [what, secret] of [
      ["token", token],
      ["token secret", token.split(".")[1]!],
      ["certificate key", certificateKey],
      ["SSH key", SSH_KEY.split("\n")[1]!],
      ["kubeconfig client key", /client-key-data: (\S+)/.exec(kubeconfig)![1]!],
    ] as const) {
      expect(everywhere.filter((s) => s.includes(secret)), what).toEqual([]);
    }
    expect(exposedKubeconfigs(run)).toEqual([]);
  });

  it("reach the machines only on stdin or in the connection, both secret; scripts hold none", () => {
    for (const r of commands(run)) {
      expect(r.inputs["connection"], r.name).toBeInstanceOf(SecretValue);
      expect(String(innerScript(r.inputs["create"])), r.name).not.toContain(token);
      if (r.inputs["stdin"] !== undefined) expect(r.inputs["stdin"], r.name).toBeInstanceOf(SecretValue);
    }
    expect(secretText(cmd(run, "admit", "w-1").inputs["stdin"])).toBe(`${token}\n${certificateKey}\n`);
    expect((secretText(cmd(run, "init", "cp-a").inputs["stdin"]))).toContain(`certificateKey: ${certificateKey}`);
    const connection = (cmd(run, "join", "w-1").inputs["connection"] as SecretValue).value as Record<string, unknown>;
    expect(connection).toEqual({ host: "10.16.113.21", port: 22, user: "ubuntu", privateKey: SSH_KEY });
  });

  it("mark the outputs of every step that reads or prints a secret as secret", () => {
    for (const step of [cmd(run, "init", "cp-a"), cmd(run, "join", "cp-b"), cmd(run, "join", "w-1"), cmd(run, "kubeconfig")]) {
      expect(step.additionalSecretOutputs, step.name).toEqual(expect.arrayContaining(["stdin", "stdout", "stderr"]));
    }
    expect(cmd(run, "admit", "cp-b").additionalSecretOutputs).toEqual(["stdin"]);
  });

  it("keep the kubeconfig encrypted on its way back: the step prints ciphertext only", () => {
    expect(innerScript(cmd(run, "kubeconfig").inputs["create"])).toContain(`${opensslEncrypt("/etc/kubernetes/admin.conf")} >&3`);
    for (const k of ["stdout", "kubeconfig"]) expect(run.outputs[k] === undefined || run.outputs[k] instanceof SecretValue, k).toBe(true);
  });

  it("are the placeholder key in offline previews, never a real one", async () => {
    const offline = await render(planEuDc());
    const connection = (cmd(offline, "prepare", "cp-a").inputs["connection"] as SecretValue).value as { privateKey: string };
    expect(connection.privateKey).toBe(PLACEHOLDER_SSH_PRIVATE_KEY);
  });
});

describe("the kubeconfig's way back", () => {
  const admin = "apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster:\n    server: https://10.16.112.11:6443\n";

  it("decrypts exactly what openssl encrypts with the step's options", () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterfleet-kubeconfig-"));
    writeFileSync(join(dir, "admin.conf"), admin);
    const [, ...args] = opensslEncrypt(join(dir, "admin.conf")).split(" ");
    const encrypted = execFileSync("openssl", args, { input: "the-passphrase\n" }).toString();
    expect(encrypted).not.toContain("server");
    expect(decryptKubeconfig(encrypted, "the-passphrase")).toBe(admin);
    expect(() => decryptKubeconfig(encrypted, "another-passphrase")).toThrow();
  });

  it("accepts only a kubeconfig: a wrong passphrase whose garbage ends in valid padding still fails", () => {
    // CBC alone lets about 1 wrong passphrase in 256 through (the padding happens to check out). What
    // such a passphrase yields is bytes that decrypt cleanly but are no kubeconfig: refused.
    const garbage = encryptLikeOpenssl("\u0007\u00ff garbage that decrypted cleanly \u0001", "p", Buffer.from("12345678"));
    expect(() => decryptKubeconfig(garbage, "p")).toThrow(/did not decrypt/);
    const notAdmin = encryptLikeOpenssl("apiVersion: v1\nkind: Secret\n", "p", Buffer.from("12345678"));
    expect(() => decryptKubeconfig(notAdmin, "p")).toThrow(/did not decrypt/);
  });

  it("round-trips through the same format in this program (what the preview's mock prints)", () => {
    const out = encryptLikeOpenssl(admin, "p", Buffer.from("12345678"));
    expect(Buffer.from(out, "base64").subarray(0, 8).toString()).toBe("Salted__");
    expect(decryptKubeconfig(out, "p")).toBe(admin);
  });

  it("points at the control-plane endpoint whatever server the file names", () => {
    expect(pinServer(admin, "https://10.16.112.10:6443")).toContain("server: https://10.16.112.10:6443");
    expect(pinServer(admin, "https://10.16.112.10:6443")).not.toContain("10.16.112.11");
    expect(() => pinServer("apiVersion: v1\nkind: Config\n", "https://x:6443")).toThrow(/names no cluster/);
  });
});
