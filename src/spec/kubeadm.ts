// The `kubeadm:` block of a kubeadm cluster: the machines the user owns, how ClusterFleet reaches
// them over SSH, and the control-plane endpoint. Everything else (versions, CIDRs, labels) comes
// from the same plan as the cloud clusters.
import * as z from "zod";
import { cidrV4, dnsLabel } from "./primitives.ts";

export const machineRoles = ["control-plane", "worker"] as const;
export type MachineRole = (typeof machineRoles)[number];

const ipv4 = z.ipv4({ error: 'must be an IPv4 address such as "10.77.48.11"' });

export const machineSchema = z
  .strictObject({
    name: dnsLabel(63).describe("Machine name, unique in the cluster: the Kubernetes Node name and the stable key of its resources."),
    address: ipv4.describe("IPv4 address ClusterFleet reaches the machine on over SSH; also the node IP and, on control-plane machines, the API server's advertise address."),
    role: z.enum(machineRoles).describe("control-plane: runs the API server and a stacked etcd member. worker: runs workloads."),
    zone: z
      .string()
      .min(1)
      .optional()
      .describe("Zone of the site (a name from the site's `zones`), set as topology.kubernetes.io/zone. Required on control-plane machines of an HA cluster."),
    pool: z
      .string()
      .min(1)
      .optional()
      .describe("Workers: the node pool (a name from `nodePools`) whose labels, taints and version the machine gets. @default the cluster's only pool"),
    user: z.string().min(1).optional().describe("SSH user for this machine, instead of `ssh.user`. Workers only when the endpoint is a VIP. @default ssh.user"),
  })
  .describe("A machine you own, bootstrapped over SSH.");

const vipEndpoint = z
  .strictObject({
    vip: ipv4.describe("Virtual IP for the API server, served by kube-vip (ARP, leader election) from the control-plane machines. Must be a free address in the machines' subnet."),
    interface: z
      .string()
      .regex(/^[A-Za-z0-9_.:@-]{1,15}$/, { error: "must be a network interface name such as eth0 or ens192" })
      .optional()
      .describe("Interface kube-vip binds the VIP to. @default the interface of the default route (kube-vip detects it)"),
    port: z.number().int().min(1).max(65535).default(6443).describe("API server port on the VIP. @default 6443"),
  })
  .describe("A virtual IP served by kube-vip.");

const loadBalancerEndpoint = z
  .strictObject({
    loadBalancer: z
      .string()
      .min(1)
      .describe('Address of a load balancer you run in front of the control-plane machines: "host" or "host:port" (port 6443 by default).'),
  })
  .describe("A load balancer you provide (it forwards TCP 6443 to every control-plane machine).");

export const kubeadmEndpointSchema = z
  .union([vipEndpoint, loadBalancerEndpoint])
  .describe("The control-plane endpoint: `{ vip: <ip> }` served by kube-vip, or `{ loadBalancer: <host[:port]> }` you provide.");

export const cniPlugins = ["calico", "none"] as const;

/**
 * The site's VPN gateway (a router or firewall you run): ClusterFleet builds the cloud side of an
 * IPsec VPN with BGP to it for every link the plan gives this cluster, and outputs what to configure on it.
 */
export const onPremGatewaySchema = z
  .strictObject({
    publicIp: ipv4.describe("Public IPv4 address of the site's VPN gateway: the tunnels' outside address on your side (IKEv2, no NAT in front of it)."),
    asn: z
      .number()
      .int()
      .min(1, { error: "must be a BGP ASN between 1 and 4294967294" })
      .max(4294967294, { error: "must be a BGP ASN between 1 and 4294967294" })
      .describe("BGP ASN of the gateway. A private ASN (64512-65534 or 4200000000-4294967294) unless the site owns a public one; it must differ from every ASN the fleet allocates (the planner checks)."),
    cidrs: z
      .array(cidrV4)
      .min(1, { error: "must list the prefixes the gateway advertises, at least the cluster's node network" })
      .describe("Prefixes the gateway advertises over BGP (and from which the site reaches its peers): must include the cluster's node network, may include its pod CIDR when the site routes it; never a range of another cluster."),
  })
  .describe("The site's VPN gateway. Without it the cluster's links are `unmanaged`: your own network must route them.");

export const kubeadmSchema = z
  .strictObject({
    machines: z.array(machineSchema).min(1, { error: "must list the cluster's machines" }).describe("The cluster's machines; the list order does not matter."),
    ssh: z
      .strictObject({
        user: z.string().min(1).describe("SSH user on every machine; root, or a user with passwordless sudo."),
        port: z.number().int().min(1).max(65535).default(22).describe("SSH port. @default 22"),
        privateKeyKey: dnsLabel(63)
          .optional()
          .describe("Name of the secret stack config key (namespace `clusterfleet`) holding the SSH private key. @default ssh-key-<cluster>"),
      })
      .describe("How ClusterFleet reaches the machines."),
    endpoint: kubeadmEndpointSchema,
    certSANs: z
      .array(z.string().min(1))
      .optional()
      .describe("Subject alternative names of the API server certificate. If given, it must include the endpoint's host. @default [the endpoint's host]"),
    cni: z.enum(cniPlugins).default("calico").describe("Pod network: calico (installed from its pinned manifest with the plan's pod CIDR) or none (you install one). @default calico"),
    gateway: onPremGatewaySchema.optional(),
  })
  .describe("kubeadm clusters: the machines, SSH access and control-plane endpoint.");

export type KubeadmSpec = z.output<typeof kubeadmSchema>;
export type MachineSpec = z.output<typeof machineSchema>;
export type OnPremGatewaySpec = z.output<typeof onPremGatewaySchema>;
export type KubeadmEndpointSpec = z.output<typeof kubeadmEndpointSchema>;
