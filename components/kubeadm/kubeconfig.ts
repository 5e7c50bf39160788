// Reading the admin kubeconfig back from the control plane. The command's stdout is logged by the
// command provider and stored in state, so the machine encrypts the file before printing it
// (openssl, AES-256-CBC, PBKDF2-SHA256) with a generated key that reaches it on stdin; only this
// program, holding the key, decrypts it into a Pulumi secret. The server is then pinned to the
// control-plane endpoint, whatever the file says.
import { createCipheriv, createDecipheriv, pbkdf2Sync } from "node:crypto";
import { parse, stringify } from "yaml";
import type { KubeadmPlan } from "../../src/plan/types.ts";
import { script } from "./shell.ts";

/** The openssl options, shared by the machine (encrypting) and this program (decrypting). */
export const KUBECONFIG_CIPHER = { cipher: "aes-256-cbc", digest: "sha256", iterations: 200_000 } as const;

export const ADMIN_KUBECONFIG = "/etc/kubernetes/admin.conf";

/** `openssl enc` as the read-back step runs it: passphrase from stdin's first line, base64 out. */
export const opensslEncrypt = (file: string): string =>
  `openssl enc -${KUBECONFIG_CIPHER.cipher} -pbkdf2 -iter ${KUBECONFIG_CIPHER.iterations} -md ${KUBECONFIG_CIPHER.digest} -salt -a -A -in ${file} -pass stdin`;

export function readBackScript(cluster: string, k: KubeadmPlan): string {
  return script(
    { step: "kubeconfig", cluster, endpoint: k.endpoint.controlPlaneEndpoint },
    `
test -s ${ADMIN_KUBECONFIG}
${opensslEncrypt(ADMIN_KUBECONFIG)} >&3
`,
  );
}

/** Decrypts what `opensslEncrypt` printed (OpenSSL's "Salted__" format) with the passphrase. */
export function decryptKubeconfig(base64: string, passphrase: string): string {
  const raw = Buffer.from(base64.trim(), "base64");
  if (raw.subarray(0, 8).toString("latin1") !== "Salted__") throw new Error("the read-back kubeconfig is not openssl-encrypted output");
  const salt = raw.subarray(8, 16);
  const derived = pbkdf2Sync(passphrase, salt, KUBECONFIG_CIPHER.iterations, 48, KUBECONFIG_CIPHER.digest);
  const decipher = createDecipheriv(KUBECONFIG_CIPHER.cipher, derived.subarray(0, 32), derived.subarray(32, 48));
  const plain = Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]);
  // CBC has no integrity check: a wrong passphrase still "decrypts" when the garbage happens to end
  // in valid padding (about 1 time in 256). Only text that reads as a kubeconfig is accepted.
  const text = new TextDecoder("utf-8", { fatal: false }).decode(plain);
  if (text.includes("\uFFFD") || !/^apiVersion:\s*v1\s*$/m.test(text) || !/^kind:\s*Config\s*$/m.test(text)) {
    throw new Error("the read-back kubeconfig did not decrypt (wrong passphrase, or not an admin kubeconfig)");
  }
  return text;
}

/** What `opensslEncrypt` prints, computed here (for previews under mocks and for tests): base64 of "Salted__", salt, ciphertext. */
export function encryptLikeOpenssl(plaintext: string, passphrase: string, salt: Buffer): string {
  if (salt.length !== 8) throw new Error("openssl's salt is 8 bytes");
  const derived = pbkdf2Sync(passphrase, salt, KUBECONFIG_CIPHER.iterations, 48, KUBECONFIG_CIPHER.digest);
  const cipher = createCipheriv(KUBECONFIG_CIPHER.cipher, derived.subarray(0, 32), derived.subarray(32, 48));
  return Buffer.concat([Buffer.from("Salted__", "latin1"), salt, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

interface Kubeconfig {
  clusters?: { name: string; cluster: { server?: string } & Record<string, unknown> }[];
  [key: string]: unknown;
}

/** The kubeconfig with every cluster's server set to the control-plane endpoint (never a node's own address). */
export function pinServer(kubeconfig: string, url: string): string {
  const k = parse(kubeconfig) as Kubeconfig;
  if (!k?.clusters?.length) throw new Error("the read-back admin kubeconfig names no cluster");
  return stringify({ ...k, clusters: k.clusters.map((c) => ({ ...c, cluster: { ...c.cluster, server: url } })) }, { lineWidth: 0 });
}
