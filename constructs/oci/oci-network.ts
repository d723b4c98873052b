import { Construct } from 'constructs';
import { CoreInternetGateway } from '../../.gen/providers/oci/core-internet-gateway';
import { CoreNatGateway } from '../../.gen/providers/oci/core-nat-gateway';
import { CoreRouteTable } from '../../.gen/providers/oci/core-route-table';
import { CoreSecurityList, type CoreSecurityListIngressSecurityRules } from '../../.gen/providers/oci/core-security-list';
import { CoreServiceGateway } from '../../.gen/providers/oci/core-service-gateway';
import { CoreSubnet } from '../../.gen/providers/oci/core-subnet';
import { CoreVcn } from '../../.gen/providers/oci/core-vcn';
import { DataOciCoreServices } from '../../.gen/providers/oci/data-oci-core-services';
import { contains, overlaps } from '../../config/cidr';
import { assertDnsLabel } from './dns-label';
import { isWholeInternet } from '../../config/cidr';
import { assertOcid, ipv4Cidr } from './validation';

export interface OciNetworkProps {
  /** Compartment that holds the VCN and everything in it. */
  readonly compartmentId: string;
  /** Prefix of every display name (`<name>-vcn`, `<name>-public`, ...). */
  readonly name: string;
  /** The VCN's IPv4 block; both subnets must lie inside it. */
  readonly vcnCidr: string;
  /** DNS label of the VCN: letters and digits, starting with a letter, at most 15 characters. */
  readonly dnsLabel: string;
  /** Public regional subnet: the Kubernetes API endpoint and the load balancers. */
  readonly publicSubnetCidr: string;
  /** Private regional subnet: the worker nodes. No public IPs, egress through NAT. */
  readonly nodeSubnetCidr: string;
  /** Sources allowed to reach the Kubernetes API (6443) from outside the VCN. Never 0.0.0.0/0. */
  readonly adminCidrs: readonly string[];
  /**
   * TCP ports besides 80 and 443 that the public subnet admits from anywhere: listeners of network
   * load balancers the cloud controller creates there (a tenant's public mail: 25, 465, 587, 993).
   * The load balancers reach the workers from inside the VCN, which the node subnet already admits.
   * @default - none
   */
  readonly publicServicePorts?: readonly number[];
  /** Free-form tags on every resource. @default {} */
  readonly freeformTags?: Readonly<Record<string, string>>;
}

/** OCI security rule protocol numbers: the API wants the IANA number as a string. */
const TCP = '6';
const ICMP = '1';
const ALL = 'all';
const ANYWHERE = '0.0.0.0/0';
/** Regex over `data.oci_core_services` names: the one entry that covers every Oracle service. */
const ALL_ORACLE_SERVICES = 'All .* Services In Oracle Services Network';

/**
 * The VCN of an OKE cluster, laid out the way OKE's "custom create" expects it:
 *
 * - a public regional subnet for the API endpoint and load balancers, routed to an Internet
 *   Gateway; ingress 80/443 (and `publicServicePorts`) from anywhere, 6443 from the admin CIDRs, and from inside the VCN
 *   only what workers need to reach the control plane (6443, 12250, 10250, ICMP path MTU);
 * - a private regional subnet for the workers (no public IPs), routed to a NAT Gateway for the
 *   internet and a Service Gateway for Oracle services; ingress only from inside the VCN.
 *
 * Subnets carry only the security lists created here, so the VCN's default security list (which
 * allows SSH from anywhere) is never attached to anything.
 */
export class OciNetwork extends Construct {
  readonly vcn: CoreVcn;
  readonly publicSubnet: CoreSubnet;
  readonly nodeSubnet: CoreSubnet;
  readonly internetGateway: CoreInternetGateway;
  readonly natGateway: CoreNatGateway;
  readonly serviceGateway: CoreServiceGateway;
  readonly publicSecurityList: CoreSecurityList;
  readonly nodeSecurityList: CoreSecurityList;
  readonly publicRouteTable: CoreRouteTable;
  readonly nodeRouteTable: CoreRouteTable;

  constructor(scope: Construct, id: string, props: OciNetworkProps) {
    super(scope, id);
    validate(id, props);
    const { compartmentId, name, vcnCidr } = props;
    const freeformTags = { ...props.freeformTags };
    const common = { compartmentId, freeformTags };

    this.vcn = new CoreVcn(this, 'vcn', {
      ...common,
      displayName: `${name}-vcn`,
      cidrBlocks: [vcnCidr],
      dnsLabel: props.dnsLabel,
    });
    const vcnId = this.vcn.id;

    // The one "All <region> Services In Oracle Services Network" entry; filtered, never list[0].
    const services = new DataOciCoreServices(this, 'oracle-services', {
      filter: [{ name: 'name', values: [ALL_ORACLE_SERVICES], regex: true }],
    });
    const oracleServices = services.services.get(0);

    this.internetGateway = new CoreInternetGateway(this, 'internet-gateway', {
      ...common,
      vcnId,
      displayName: `${name}-igw`,
      enabled: true,
    });
    this.natGateway = new CoreNatGateway(this, 'nat-gateway', { ...common, vcnId, displayName: `${name}-nat` });
    this.serviceGateway = new CoreServiceGateway(this, 'service-gateway', {
      ...common,
      vcnId,
      displayName: `${name}-sgw`,
      services: [{ serviceId: oracleServices.id }],
    });

    this.publicRouteTable = new CoreRouteTable(this, 'public-routes', {
      ...common,
      vcnId,
      displayName: `${name}-public`,
      routeRules: [
        { destination: ANYWHERE, destinationType: 'CIDR_BLOCK', networkEntityId: this.internetGateway.id, description: 'internet' },
      ],
    });
    // A table holds one 0.0.0.0/0 rule, so Oracle services go to the service gateway by their
    // service CIDR label while everything else leaves through NAT.
    this.nodeRouteTable = new CoreRouteTable(this, 'node-routes', {
      ...common,
      vcnId,
      displayName: `${name}-nodes`,
      routeRules: [
        { destination: ANYWHERE, destinationType: 'CIDR_BLOCK', networkEntityId: this.natGateway.id, description: 'internet through NAT' },
        {
          destination: oracleServices.cidrBlock,
          destinationType: 'SERVICE_CIDR_BLOCK',
          networkEntityId: this.serviceGateway.id,
          description: 'Oracle services (OKE, registry, object storage)',
        },
      ],
    });

    this.publicSecurityList = new CoreSecurityList(this, 'public-security-list', {
      ...common,
      vcnId,
      displayName: `${name}-public`,
      ingressSecurityRules: [
        ...publicIngressRules(vcnCidr, props.adminCidrs),
        ...[...new Set(props.publicServicePorts ?? [])].sort((a, b) => a - b).map((port) => tcp(ANYWHERE, port, `TCP ${port} to a network load balancer (public service)`)),
      ],
      egressSecurityRules: [
        { protocol: ALL, destination: vcnCidr, description: 'API endpoint and load balancers to the nodes' },
        {
          protocol: TCP,
          destination: oracleServices.cidrBlock,
          destinationType: 'SERVICE_CIDR_BLOCK',
          description: 'Kubernetes control plane to OKE',
        },
      ],
    });
    this.nodeSecurityList = new CoreSecurityList(this, 'node-security-list', {
      ...common,
      vcnId,
      displayName: `${name}-nodes`,
      ingressSecurityRules: [{ protocol: ALL, source: vcnCidr, description: 'anything from inside the VCN (nodes, control plane, load balancers)' }],
      egressSecurityRules: [{ protocol: ALL, destination: ANYWHERE, description: 'all egress (NAT and service gateway)' }],
    });

    this.publicSubnet = new CoreSubnet(this, 'public-subnet', {
      ...common,
      vcnId,
      displayName: `${name}-public`,
      cidrBlock: props.publicSubnetCidr,
      dnsLabel: 'public',
      prohibitPublicIpOnVnic: false,
      routeTableId: this.publicRouteTable.id,
      securityListIds: [this.publicSecurityList.id],
    });
    this.nodeSubnet = new CoreSubnet(this, 'node-subnet', {
      ...common,
      vcnId,
      displayName: `${name}-nodes`,
      cidrBlock: props.nodeSubnetCidr,
      dnsLabel: 'nodes',
      prohibitPublicIpOnVnic: true,
      prohibitInternetIngress: true,
      routeTableId: this.nodeRouteTable.id,
      securityListIds: [this.nodeSecurityList.id],
    });
  }
}

function tcp(source: string, port: number, description: string): CoreSecurityListIngressSecurityRules {
  return { protocol: TCP, source, tcpOptions: { min: port, max: port }, description };
}

/**
 * Public subnet ingress. From anywhere: only HTTP and HTTPS. The API from the admin networks.
 * What OKE needs between workers and the control plane (6443 and 12250 to the API endpoint, 10250,
 * ICMP "fragmentation needed" for path MTU discovery) only from inside the VCN.
 */
function publicIngressRules(vcnCidr: string, adminCidrs: readonly string[]): CoreSecurityListIngressSecurityRules[] {
  return [
    tcp(ANYWHERE, 443, 'HTTPS to the ingress load balancer'),
    tcp(ANYWHERE, 80, 'HTTP to the ingress load balancer (redirects, ACME)'),
    ...[...adminCidrs].sort().map((cidr) => tcp(cidr, 6443, 'Kubernetes API from an admin network')),
    tcp(vcnCidr, 6443, 'Kubernetes API from the nodes'),
    tcp(vcnCidr, 12250, 'OKE control plane from the nodes'),
    tcp(vcnCidr, 10250, 'kubelet, inside the VCN only'),
    { protocol: ICMP, source: vcnCidr, icmpOptions: { type: 3, code: 4 }, description: 'path MTU discovery' },
  ];
}

function validate(id: string, props: OciNetworkProps): void {
  const at = (prop: string) => `OciNetwork ${id}: ${prop}`;
  assertOcid(props.compartmentId, ['compartment', 'tenancy'], at('compartmentId'));
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,90}$/.test(props.name)) {
    throw new Error(`${at('name')} must be 1-91 letters, digits, ".", "_" or "-", got "${props.name}"`);
  }
  assertDnsLabel(props.dnsLabel, at('dnsLabel'));
  const vcn = ipv4Cidr(props.vcnCidr, at('vcnCidr'));
  // OCI allows VCN blocks from /16 to /30.
  if (vcn.last - vcn.first + 1n > 2n ** 16n) throw new Error(`${at('vcnCidr')}: ${props.vcnCidr} is larger than /16, the biggest block a VCN takes`);
  const pub = ipv4Cidr(props.publicSubnetCidr, at('publicSubnetCidr'));
  const nodes = ipv4Cidr(props.nodeSubnetCidr, at('nodeSubnetCidr'));
  for (const [prop, subnet] of [
    ['publicSubnetCidr', pub],
    ['nodeSubnetCidr', nodes],
  ] as const) {
    if (!contains(vcn, subnet)) throw new Error(`${at(prop)}: ${subnet.cidr} is not inside vcnCidr ${props.vcnCidr}`);
  }
  if (overlaps(pub, nodes)) throw new Error(`${at('nodeSubnetCidr')}: ${props.nodeSubnetCidr} overlaps publicSubnetCidr ${props.publicSubnetCidr}`);
  if (props.adminCidrs.length === 0) throw new Error(`${at('adminCidrs')} must list at least one network allowed to reach the Kubernetes API`);
  for (const cidr of props.adminCidrs) {
    if (isWholeInternet(ipv4Cidr(cidr, at('adminCidrs')))) {
      throw new Error(`${at('adminCidrs')}: ${cidr} would open the Kubernetes API to the whole internet; list office or VPN ranges instead`);
    }
  }
  if (new Set(props.adminCidrs).size !== props.adminCidrs.length) throw new Error(`${at('adminCidrs')} lists a block twice`);
  for (const port of props.publicServicePorts ?? []) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${at('publicServicePorts')}: ${port} is not a TCP port`);
    // 6443 and the node ports stay closed to the world; 80/443 are open already.
    if (port === 6443 || port === 12250 || port === 10250 || (port >= 30000 && port <= 32767)) {
      throw new Error(`${at('publicServicePorts')}: ${port} is a cluster port that must not be open to the internet`);
    }
  }
}
