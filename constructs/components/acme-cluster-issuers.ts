import { Construct } from 'constructs';
import type { AcmeDirectory } from '../../config/schema';
import { ClusterIssuer, type ClusterIssuerSpecAcmeSolvers } from '../../imports/cert-manager-cert-manager.io';

/** Let's Encrypt ACME directories. */
export const LETS_ENCRYPT = {
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
  production: 'https://acme-v02.api.letsencrypt.org/directory',
} as const satisfies Record<AcmeDirectory, string>;

/** Secret names (in the cert-manager namespace) the DNS-01 solvers read. */
export const DNS_CREDENTIALS = {
  cloudflare: { secretName: 'cloudflare-api-token', keys: ['api-token'] },
  route53: { secretName: 'route53-credentials', keys: ['access-key-id', 'secret-access-key'] },
} as const;

export interface AcmeClusterIssuersProps {
  /** DNS provider that answers the DNS-01 challenges. */
  readonly dnsProvider: 'cloudflare' | 'route53';
  /** Zones the issuers may solve for (the cluster's zone). */
  readonly dnsZones: readonly string[];
  /**
   * ACME account e-mail for expiry notices.
   * @default - none; Let's Encrypt no longer sends expiry mail, so the account is anonymous
   */
  readonly email?: string;
  /**
   * AWS region the Route53 client signs requests for (Route53 itself is global).
   * @default us-east-1
   */
  readonly route53Region?: string;
  /**
   * The directories to make an issuer for. A cluster gets only the one it issues from, so nothing
   * in a staging cluster can ask Let's Encrypt production for a certificate.
   * @default ['staging', 'production']
   */
  readonly directories?: readonly AcmeDirectory[];
}

/**
 * ClusterIssuers `letsencrypt-staging` and/or `letsencrypt-production`, solving DNS-01 through the
 * cluster's DNS provider, so wildcard certificates work and nothing has to be reachable on port 80.
 * Credentials are Secret references only (SOPS-encrypted in git, see SECRETS.md):
 * Cloudflare: `cloudflare-api-token` (key `api-token`, a token with Zone:DNS:Edit on the zone);
 * Route53: `route53-credentials` (keys `access-key-id`, `secret-access-key`; an IAM user limited to
 * the zone's record sets and route53:GetChange/ListHostedZonesByName).
 */
export class AcmeClusterIssuers extends Construct {
  /** Issuer names by directory. */
  static readonly names = { staging: 'letsencrypt-staging', production: 'letsencrypt-production' } as const satisfies Record<AcmeDirectory, string>;

  constructor(scope: Construct, id: string, props: AcmeClusterIssuersProps) {
    super(scope, id);
    if (props.dnsZones.length === 0) throw new Error('AcmeClusterIssuers: dnsZones needs at least one zone');
    if (props.email !== undefined && !/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(props.email)) {
      throw new Error(`AcmeClusterIssuers: email must be an e-mail address, got ${JSON.stringify(props.email)}`);
    }
    const solver: ClusterIssuerSpecAcmeSolvers = {
      selector: { dnsZones: [...props.dnsZones] },
      dns01:
        props.dnsProvider === 'cloudflare'
          ? { cloudflare: { apiTokenSecretRef: { name: DNS_CREDENTIALS.cloudflare.secretName, key: 'api-token' } } }
          : {
              route53: {
                region: props.route53Region ?? 'us-east-1',
                accessKeyIdSecretRef: { name: DNS_CREDENTIALS.route53.secretName, key: 'access-key-id' },
                secretAccessKeySecretRef: { name: DNS_CREDENTIALS.route53.secretName, key: 'secret-access-key' },
              },
            },
    };
    const directories = props.directories ?? (Object.keys(LETS_ENCRYPT) as AcmeDirectory[]);
    if (directories.length === 0) throw new Error('AcmeClusterIssuers: directories needs at least one of staging, production');
    for (const [which, server] of (Object.entries(LETS_ENCRYPT) as [AcmeDirectory, string][]).filter(([d]) => directories.includes(d))) {
      const name = AcmeClusterIssuers.names[which];
      new ClusterIssuer(this, which, {
        metadata: { name },
        spec: {
          acme: {
            server,
            email: props.email,
            privateKeySecretRef: { name: `${name}-account` },
            solvers: [solver],
          },
        },
      });
    }
  }
}
