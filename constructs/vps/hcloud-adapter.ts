import { Token, type TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Firewall } from '../../.gen/providers/hcloud/firewall';
import { LoadBalancer } from '../../.gen/providers/hcloud/load-balancer';
import { LoadBalancerNetwork } from '../../.gen/providers/hcloud/load-balancer-network';
import { LoadBalancerService } from '../../.gen/providers/hcloud/load-balancer-service';
import { LoadBalancerTargetA } from '../../.gen/providers/hcloud/load-balancer-target';
import { Network } from '../../.gen/providers/hcloud/network';
import { NetworkSubnet } from '../../.gen/providers/hcloud/network-subnet';
import { PlacementGroup } from '../../.gen/providers/hcloud/placement-group';
import { HcloudProvider } from '../../.gen/providers/hcloud/provider';
import { Server } from '../../.gen/providers/hcloud/server';
import { SshKey } from '../../.gen/providers/hcloud/ssh-key';
import {
  IMMUTABLE_SERVER_ARGUMENTS,
  type AddressDiscovery,
  type IngressSpec,
  type NetworkAttributes,
  type NetworkSpec,
  type NodeGroup,
  type NodeGroupSpec,
  type ServerAttributes,
  type ServerSpec,
  type SpreadGroupSpec,
  type SshKeysSpec,
  type VpsAdapter,
} from './adapter';

/** Hetzner locations and the network zone their private networks live in. */
export const HCLOUD_NETWORK_ZONES: Readonly<Record<string, string>> = {
  fsn1: 'eu-central',
  nbg1: 'eu-central',
  hel1: 'eu-central',
  ash: 'us-east',
  hil: 'us-west',
  sin: 'ap-southeast',
};

export interface HcloudAdapterProps {
  /** Hetzner location (fsn1, nbg1, hel1, ash, hil, sin); servers and the load balancer go there. */
  readonly location: string;
  /** Load balancer type. @default 'lb11' */
  readonly loadBalancerType?: string;
  /** Server image; a name is resolved for the server type's architecture (ARM cax included). @default 'ubuntu-24.04' */
  readonly image?: string;
}

const METADATA = 'http://169.254.169.254/hetzner/v1/metadata';

/**
 * Hetzner Cloud for the k3s constructs. Ids are numbers in the hcloud schema, hence
 * Token.asNumber (the one exception, load_balancer_service.load_balancer_id, is a string).
 * The API token comes from HCLOUD_TOKEN, never from the configuration.
 *
 * Hetzner Cloud Firewalls filter the public interfaces only; private-network traffic is not
 * filtered at all. The rules for the private range therefore document the intent (and keep the
 * rule set identical to DigitalOcean's, where the firewall does cover the VPC): the k3s ports
 * and the ingress node ports are never opened publicly. The ingress load balancer reaches its
 * targets over the private network (use_private_ip), so the public interfaces of the nodes
 * accept nothing but SSH (and the API on control-plane nodes) from the admin ranges.
 */
export class HcloudAdapter implements VpsAdapter {
  readonly provider = 'hcloud' as const;
  readonly image: string;
  readonly fixedPrivateIps = true;
  readonly addressDiscovery: AddressDiscovery = {
    // The metadata service lists attached networks as YAML ("- ip: 10.0.1.2"); a node has one.
    privateIpv4: `curl -sf --retry 10 --retry-connrefused ${METADATA}/private-networks | awk '$1 == "-" && $2 == "ip:" { print $3; exit }'`,
    publicIpv4: `curl -sf --retry 10 --retry-connrefused ${METADATA}/public-ipv4`,
  };
  private readonly location: string;
  private readonly networkZone: string;
  private readonly loadBalancerType: string;

  constructor(props: HcloudAdapterProps) {
    const zone = HCLOUD_NETWORK_ZONES[props.location];
    if (!zone) {
      throw new Error(`HcloudAdapter: unknown location ${props.location}; known: ${Object.keys(HCLOUD_NETWORK_ZONES).join(', ')}`);
    }
    this.location = props.location;
    this.networkZone = zone;
    this.loadBalancerType = props.loadBalancerType ?? 'lb11';
    this.image = props.image ?? 'ubuntu-24.04';
  }

  addProvider(stack: TerraformStack): void {
    // No token here: the provider reads HCLOUD_TOKEN.
    new HcloudProvider(stack, 'hcloud', {});
  }

  createNetwork(scope: Construct, spec: NetworkSpec): NetworkAttributes {
    const network = new Network(scope, 'network', { name: spec.name, ipRange: spec.ipRange, labels: { ...spec.labels } });
    const subnet = (id: string, ipRange: string) =>
      new NetworkSubnet(scope, id, {
        networkId: Token.asNumber(network.id),
        type: 'cloud',
        networkZone: this.networkZone,
        ipRange,
      });
    // The subnet id is "<network id>-<ip range>", the form server and LB attachments take.
    const nodes = subnet('nodes-subnet', spec.nodesSubnet);
    const lb = subnet('lb-subnet', spec.lbSubnet);
    return { networkId: network.id, nodesSubnetId: nodes.id, lbSubnetId: lb.id };
  }

  createNodeGroup(scope: Construct, id: string, spec: NodeGroupSpec): NodeGroup {
    const labels = { ...spec.labels, role: spec.role };
    const firewall = new Firewall(scope, `${id}-firewall`, {
      name: spec.name,
      labels,
      rule: spec.rules.map((rule) => ({
        description: rule.description,
        direction: 'in',
        protocol: rule.protocol,
        // Hetzner rejects a port on icmp rules.
        port: rule.protocol === 'icmp' ? undefined : rule.port,
        sourceIps: [...rule.sources],
      })),
    });
    const selector = Object.keys(labels)
      .sort()
      .map((key) => `${key}=${labels[key as keyof typeof labels]}`)
      .join(',');
    return { role: spec.role, firewallId: firewall.id, selector, labels };
  }

  createSshKeys(scope: Construct, spec: SshKeysSpec): string[] {
    return Object.keys(spec.keys)
      .sort()
      .map((name) => new SshKey(scope, `ssh-key-${name}`, { name: `${spec.name}-${name}`, publicKey: spec.keys[name]!, labels: { ...spec.labels } }).id);
  }

  createSpreadGroup(scope: Construct, id: string, spec: SpreadGroupSpec): string {
    return new PlacementGroup(scope, id, { name: spec.name, type: 'spread', labels: { ...spec.labels } }).id;
  }

  createServer(scope: Construct, id: string, spec: ServerSpec): ServerAttributes {
    const server = new Server(scope, id, {
      name: spec.name,
      serverType: spec.machineType,
      image: this.image,
      location: this.location,
      labels: { ...spec.group.labels },
      sshKeys: [...spec.sshKeys],
      userData: spec.userData,
      // Attached at creation, so a server never runs without its firewall.
      firewallIds: [Token.asNumber(spec.group.firewallId)],
      placementGroupId: spec.spreadGroupId === undefined ? undefined : Token.asNumber(spec.spreadGroupId),
      publicNet: [{ ipv4Enabled: true, ipv6Enabled: true }],
      // The subnet lives in the network stack, applied before this one, so the attach cannot race
      // its creation. alias_ips = [] avoids the perpetual detach/attach diff.
      network: [{ subnetId: spec.network.nodesSubnetId, ip: spec.privateIp, aliasIps: [] }],
      dependsOn: spec.dependsOn?.length ? spec.dependsOn.map((other) => other.resource) : undefined,
      lifecycle: { ignoreChanges: [...IMMUTABLE_SERVER_ARGUMENTS] },
    });
    return {
      resource: server,
      publicIpv4: server.ipv4Address,
      privateIpv4: spec.privateIp ?? server.network.get(0).ip,
    };
  }

  createIngress(scope: Construct, id: string, spec: IngressSpec): string {
    const lb = new LoadBalancer(scope, id, {
      name: spec.name,
      loadBalancerType: this.loadBalancerType,
      location: this.location,
      labels: { ...spec.labels },
      algorithm: { type: 'round_robin' },
    });
    const attachment = new LoadBalancerNetwork(scope, `${id}-network`, {
      loadBalancerId: Token.asNumber(lb.id),
      subnetId: spec.network.lbSubnetId,
      enablePublicInterface: true,
    });
    // Targets by label selector (new workers are picked up), reached on their private addresses.
    new LoadBalancerTargetA(scope, `${id}-targets`, {
      loadBalancerId: Token.asNumber(lb.id),
      type: 'label_selector',
      labelSelector: spec.targets.selector,
      usePrivateIp: true,
      dependsOn: [attachment],
    });
    // Each listener forwards to its node port (the ingress Service), health-checked there.
    for (const { port, nodePort } of spec.listeners) {
      new LoadBalancerService(scope, `${id}-tcp-${port}`, {
        loadBalancerId: lb.id,
        protocol: 'tcp',
        listenPort: port,
        destinationPort: nodePort,
        proxyprotocol: spec.proxyProtocol ?? false,
        healthCheck: { protocol: 'tcp', port: nodePort, interval: 15, timeout: 10, retries: 3 },
      });
    }
    return lb.ipv4;
  }
}
