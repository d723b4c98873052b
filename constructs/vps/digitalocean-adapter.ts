import { Droplet } from '@cdktf/provider-digitalocean/lib/droplet';
import { Firewall } from '@cdktf/provider-digitalocean/lib/firewall';
import { Loadbalancer } from '@cdktf/provider-digitalocean/lib/loadbalancer';
import { DigitaloceanProvider } from '@cdktf/provider-digitalocean/lib/provider';
import { SshKey } from '@cdktf/provider-digitalocean/lib/ssh-key';
import { Tag } from '@cdktf/provider-digitalocean/lib/tag';
import { Vpc } from '@cdktf/provider-digitalocean/lib/vpc';
import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  IMMUTABLE_SERVER_ARGUMENTS,
  type AddressDiscovery,
  type IngressListener,
  type IngressSpec,
  type NetworkAttributes,
  type NetworkSpec,
  type NodeGroup,
  type NodeGroupSpec,
  type ServerAttributes,
  type ServerSpec,
  type SshKeysSpec,
  type VpsAdapter,
} from './adapter';
import { ANYWHERE } from './firewall-rules';

export interface DigitalOceanAdapterProps {
  /** DigitalOcean region slug, e.g. fra1. */
  readonly region: string;
  /** Droplet image. @default 'ubuntu-24-04-x64' */
  readonly image?: string;
  /** Load balancer size units (1 = the smallest). @default 1 */
  readonly loadBalancerSizeUnit?: number;
}

const METADATA = 'http://169.254.169.254/metadata/v1';

/**
 * DigitalOcean for the k3s constructs. The API token comes from DIGITALOCEAN_TOKEN.
 *
 * - The VPC has no subnets: the nodes and the load balancer both live in it, so both subnet ids
 *   are the VPC id.
 * - DigitalOcean assigns private addresses itself: the other nodes reference the first server's
 *   `ipv4_address_private`, and each node reads its own from the metadata service at boot.
 * - DigitalOcean has no placement/anti-affinity groups: createSpreadGroup returns undefined and
 *   droplets are spread across hypervisors only as the scheduler happens to place them.
 * - Cloud Firewalls filter the VPC interface too, so the private-range rules are load-bearing
 *   here. A firewall with no outbound rules blocks all egress, hence the explicit allow-all
 *   (outbound is the only place ANYWHERE appears).
 * - Ingress: a regional DigitalOcean load balancer in the VPC (TCP pass-through from its
 *   listener ports to the ingress node ports, health-checked, targets selected by the workers'
 *   tag; it reaches the droplets over the VPC, so the node ports are open to the VPC range only
 *   and nothing on the droplets is open to the internet) rather than a reserved IP on one
 *   worker: it survives the loss of any worker and matches the Hetzner design, at the price of
 *   the smallest LB (a reserved IP is free while assigned but is a single point of failure and
 *   needs manual or scripted reassignment).
 */
export class DigitalOceanAdapter implements VpsAdapter {
  readonly provider = 'digitalocean' as const;
  readonly image: string;
  readonly fixedPrivateIps = false;
  readonly addressDiscovery: AddressDiscovery = {
    privateIpv4: `curl -sf --retry 10 --retry-connrefused ${METADATA}/interfaces/private/0/ipv4/address`,
    publicIpv4: `curl -sf --retry 10 --retry-connrefused ${METADATA}/interfaces/public/0/ipv4/address`,
  };
  private readonly region: string;
  private readonly loadBalancerSizeUnit: number;

  constructor(props: DigitalOceanAdapterProps) {
    if (!/^[a-z]{3}\d$/.test(props.region)) throw new Error(`DigitalOceanAdapter: ${props.region} is not a region slug such as fra1`);
    const sizeUnit = props.loadBalancerSizeUnit ?? 1;
    if (!Number.isInteger(sizeUnit) || sizeUnit < 1 || sizeUnit > 100) {
      throw new Error(`DigitalOceanAdapter: loadBalancerSizeUnit must be a whole number from 1 to 100, got ${sizeUnit}`);
    }
    this.region = props.region;
    this.image = props.image ?? 'ubuntu-24-04-x64';
    this.loadBalancerSizeUnit = sizeUnit;
  }

  addProvider(stack: TerraformStack): void {
    // No token here: the provider reads DIGITALOCEAN_TOKEN.
    new DigitaloceanProvider(stack, 'digitalocean', {});
  }

  createNetwork(scope: Construct, spec: NetworkSpec): NetworkAttributes {
    const vpc = new Vpc(scope, 'vpc', {
      name: spec.name,
      region: this.region,
      ipRange: spec.ipRange,
      description: `k3s cluster ${spec.name}`,
    });
    return { networkId: vpc.id, nodesSubnetId: vpc.id, lbSubnetId: vpc.id };
  }

  createNodeGroup(scope: Construct, id: string, spec: NodeGroupSpec): NodeGroup {
    const tag = new Tag(scope, `${id}-tag`, { name: spec.name });
    const firewall = new Firewall(scope, `${id}-firewall`, {
      name: spec.name,
      tags: [tag.name],
      inboundRule: spec.rules.map((rule) => ({
        protocol: rule.protocol,
        portRange: rule.protocol === 'icmp' ? undefined : rule.port,
        sourceAddresses: [...rule.sources],
      })),
      outboundRule: (['tcp', 'udp', 'icmp'] as const).map((protocol) => ({
        protocol,
        portRange: protocol === 'icmp' ? undefined : '1-65535',
        destinationAddresses: [...ANYWHERE],
      })),
    });
    return { role: spec.role, firewallId: firewall.id, selector: tag.name, labels: { ...spec.labels, role: spec.role } };
  }

  createSshKeys(scope: Construct, spec: SshKeysSpec): string[] {
    return Object.keys(spec.keys)
      .sort()
      .map((name) => new SshKey(scope, `ssh-key-${name}`, { name: `${spec.name}-${name}`, publicKey: spec.keys[name]! }).fingerprint);
  }

  createSpreadGroup(): undefined {
    return undefined;
  }

  createServer(scope: Construct, id: string, spec: ServerSpec): ServerAttributes {
    if (spec.privateIp !== undefined) throw new Error(`DigitalOceanAdapter: ${spec.name}: DigitalOcean assigns private addresses itself`);
    const droplet = new Droplet(scope, id, {
      name: spec.name,
      region: this.region,
      size: spec.machineType,
      image: this.image,
      vpcUuid: spec.network.nodesSubnetId,
      sshKeys: [...spec.sshKeys],
      // The tag attaches the role's firewall (and, for the ingress role, the load balancer).
      tags: [spec.group.selector],
      userData: spec.userData,
      dependsOn: spec.dependsOn?.length ? spec.dependsOn.map((other) => other.resource) : undefined,
      lifecycle: { ignoreChanges: [...IMMUTABLE_SERVER_ARGUMENTS] },
    });
    return { resource: droplet, publicIpv4: droplet.ipv4Address, privateIpv4: droplet.ipv4AddressPrivate };
  }

  createIngress(scope: Construct, id: string, spec: IngressSpec): string {
    const lb = new Loadbalancer(scope, id, {
      name: spec.name,
      region: this.region,
      sizeUnit: this.loadBalancerSizeUnit,
      vpcUuid: spec.network.lbSubnetId,
      dropletTag: spec.targets.selector,
      enableProxyProtocol: spec.proxyProtocol ?? false,
      redirectHttpToHttps: false,
      forwardingRule: spec.listeners.map(({ port, nodePort }) => ({
        entryProtocol: 'tcp',
        entryPort: port,
        targetProtocol: 'tcp',
        targetPort: nodePort,
      })),
      // One health check per load balancer: the HTTPS listener's node port (else the first).
      healthcheck: {
        protocol: 'tcp',
        port: healthCheckListener(spec).nodePort,
        checkIntervalSeconds: 10,
        responseTimeoutSeconds: 5,
        healthyThreshold: 3,
        unhealthyThreshold: 3,
      },
    });
    return lb.ip;
  }
}

/** The listener whose node port the (single) DigitalOcean health check probes: 443's, else the first. */
function healthCheckListener(spec: IngressSpec): IngressListener {
  const listener = spec.listeners.find((l) => l.port === 443) ?? spec.listeners[0];
  if (!listener) throw new Error(`DigitalOceanAdapter: ${spec.name}: an ingress load balancer needs at least one listener`);
  return listener;
}
