import type { ITerraformDependable, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * The small interface between the provider-neutral k3s constructs (K3sNetwork, K3sCluster) and a
 * VPS provider. An adapter only translates: every decision (which ports, which sources, how many
 * nodes, what cloud-init says) is made by the constructs, so Hetzner and DigitalOcean clusters
 * differ only where the clouds do.
 */
export interface VpsAdapter {
  /** Short provider name, for messages. */
  readonly provider: 'hcloud' | 'digitalocean';
  /** The image every node boots, resolved by the provider for the server type's architecture. */
  readonly image: string;
  /** Shell commands (POSIX sh, run as root at first boot) that print this node's addresses. */
  readonly addressDiscovery: AddressDiscovery;
  /**
   * Whether the provider lets Terraform choose a node's private address. When true the first
   * control-plane node gets a fixed address, so the others can join it without waiting for an
   * attribute; when false they reference the address the provider assigned.
   */
  readonly fixedPrivateIps: boolean;

  /** Adds the provider block (credentials come from the provider's environment variable). */
  addProvider(stack: TerraformStack): void;
  /** The private network (and its subnets, where the provider has them). */
  createNetwork(scope: Construct, spec: NetworkSpec): NetworkAttributes;
  /** One firewall (and whatever attaches it to a group of nodes) per node role. */
  createNodeGroup(scope: Construct, id: string, spec: NodeGroupSpec): NodeGroup;
  /** Uploads the public keys; returns what a server's `ssh_keys` argument takes. */
  createSshKeys(scope: Construct, spec: SshKeysSpec): string[];
  /** A spread (anti-affinity) group; undefined where the provider has none. */
  createSpreadGroup(scope: Construct, id: string, spec: SpreadGroupSpec): string | undefined;
  createServer(scope: Construct, id: string, spec: ServerSpec): ServerAttributes;
  /** A TCP pass-through load balancer in front of the worker group; returns its public IPv4. */
  createIngress(scope: Construct, id: string, spec: IngressSpec): string;
}

export type NodeRole = 'control-plane' | 'worker';

export interface AddressDiscovery {
  /** Prints the node's private IPv4 (the one in the nodes subnet/VPC). */
  readonly privateIpv4: string;
  /** Prints the node's public IPv4. */
  readonly publicIpv4: string;
}

export interface NetworkSpec {
  /** Prefix of every resource name. */
  readonly name: string;
  /** The whole private range (hcloud network / DO VPC). */
  readonly ipRange: string;
  /** The nodes' subnet (hcloud); DigitalOcean VPCs have no subnets. */
  readonly nodesSubnet: string;
  /** The load balancers' subnet (hcloud). */
  readonly lbSubnet: string;
  /** Resource labels (hcloud) or ignored (DigitalOcean VPCs take none). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Identifiers of the private network; tokens, possibly from another stack. */
export interface NetworkAttributes {
  /** hcloud network id / DO VPC id. */
  readonly networkId: string;
  /** Where nodes attach: the hcloud nodes subnet, or the DO VPC. */
  readonly nodesSubnetId: string;
  /** Where load balancers attach: the hcloud LB subnet, or the DO VPC. */
  readonly lbSubnetId: string;
}

/** A provider-neutral inbound rule; everything not listed is dropped. */
export interface FirewallRule {
  /** Why the rule exists (hcloud keeps it on the rule). */
  readonly description: string;
  /** IP protocol. */
  readonly protocol: 'tcp' | 'udp' | 'icmp';
  /** "22" or "2379-2380"; absent for icmp. */
  readonly port?: string;
  /** CIDR blocks allowed in. */
  readonly sources: readonly string[];
}

export interface NodeGroupSpec {
  /** Resource name (firewall, tag). */
  readonly name: string;
  /** The role every server of the group has. */
  readonly role: NodeRole;
  /** Inbound rules; outbound traffic is allowed. */
  readonly rules: readonly FirewallRule[];
  /** The cluster's labels; the adapter adds the role. */
  readonly labels: Readonly<Record<string, string>>;
}

/** What a server needs to join its group (firewall, LB selection). */
export interface NodeGroup {
  /** The role every server of the group has. */
  readonly role: NodeRole;
  /** hcloud firewall id / DO firewall id. */
  readonly firewallId: string;
  /** hcloud label selector / DO tag name that selects exactly this group's servers. */
  readonly selector: string;
  /** Labels (hcloud) that make a server part of the group. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface SshKeysSpec {
  /** Prefix of the key names. */
  readonly name: string;
  /** OpenSSH public keys by name. */
  readonly keys: Readonly<Record<string, string>>;
  /** Resource labels (hcloud). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface SpreadGroupSpec {
  /** Resource name. */
  readonly name: string;
  /** Resource labels (hcloud). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface ServerSpec {
  /** Host name. */
  readonly name: string;
  /** hcloud server type / DO droplet size. */
  readonly machineType: string;
  /** The role group: firewall and load-balancer selection. */
  readonly group: NodeGroup;
  /** Where the server attaches (the nodes subnet / the VPC). */
  readonly network: NetworkAttributes;
  /** A fixed private address; only when the adapter has `fixedPrivateIps`. */
  readonly privateIp?: string;
  /** The spread group, where the provider has them. */
  readonly spreadGroupId?: string;
  /** From createSshKeys. */
  readonly sshKeys: readonly string[];
  /** The cloud-init document (renderK3sCloudInit). */
  readonly userData: string;
  /** Created after these (the first server, so its address exists before anyone joins it). */
  readonly dependsOn?: readonly ServerAttributes[];
}

/**
 * Server arguments that force a replacement and that the constructs therefore tell Terraform to
 * ignore after creation: a k3s version bump, a new key or a new image must never rebuild every
 * node of a running cluster in one apply. New nodes get the new values; existing ones are upgraded
 * in place (k3s system-upgrade-controller) or replaced one at a time (`terraform apply -replace`).
 */
export const IMMUTABLE_SERVER_ARGUMENTS = ['user_data', 'ssh_keys', 'image'] as const;

export interface ServerAttributes {
  /** The provider resource, for depends_on. */
  readonly resource: ITerraformDependable;
  /** Public IPv4 (token). */
  readonly publicIpv4: string;
  /** Private IPv4: the fixed address, or a token of the assigned one. */
  readonly privateIpv4: string;
}

export interface IngressSpec {
  /** Resource name. */
  readonly name: string;
  /** The load balancer attaches to the LB subnet (hcloud) / the VPC. */
  readonly network: NetworkAttributes;
  /** The group whose servers receive the traffic (on their private addresses). */
  readonly targets: NodeGroup;
  /** What the load balancer listens on and where it sends it (TCP pass-through). */
  readonly listeners: readonly IngressListener[];
  /**
   * Open every forwarded connection with a PROXY protocol header carrying the client's address
   * (Hetzner per service, DigitalOcean for the whole load balancer, hence one load balancer per
   * service that wants it). @default false
   */
  readonly proxyProtocol?: boolean;
  /** Resource labels (hcloud). */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * One TCP listener of the ingress load balancer: public `port` on the load balancer, forwarded to
 * `nodePort` on the target nodes' private addresses, where the ingress Service's fixed node port
 * (INGRESS_NODE_PORTS in config/cluster-settings.ts) receives it. Nothing listens on the public
 * port on the nodes themselves (k3s servicelb is disabled).
 */
export interface IngressListener {
  /** TCP port the load balancer listens on, e.g. 443. */
  readonly port: number;
  /** TCP node port (30000-32767) the load balancer forwards to, e.g. 30443. */
  readonly nodePort: number;
}
