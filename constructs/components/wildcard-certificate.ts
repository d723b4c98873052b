import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager-cert-manager.io';
import { assertDnsLabel } from '../flux/names';

export interface WildcardCertificateProps {
  /** Certificate name. */
  readonly name: string;
  /** Namespace of the Certificate and its Secret (where the ingress reads it). */
  readonly namespace: string;
  /** Secret the certificate is stored in. */
  readonly secretName: string;
  /** The domain: the certificate covers `<domain>` and `*.<domain>`. */
  readonly domain: string;
  /**
   * Further domains whose wildcard the certificate also covers (`*.<d>` each): names two labels
   * below `domain`, such as a tenant's `idm.<tenant>.<domain>`.
   * @default - none
   */
  readonly extraWildcards?: readonly string[];
  /** ClusterIssuer that signs it (DNS-01: wildcards need it). */
  readonly clusterIssuer: string;
  /**
   * Also cover `<domain>` itself. Off for a certificate of a sub-domain whose apex another
   * certificate on the same listener port already covers (`*.<parent>` matches it).
   * @default true
   */
  readonly includeApex?: boolean;
}

/** A cert-manager Certificate for a domain and its wildcard (and wildcards of given sub-domains). */
export class WildcardCertificate extends Construct {
  constructor(scope: Construct, id: string, props: WildcardCertificateProps) {
    super(scope, id);
    assertDnsLabel('Certificate name', props.name);
    assertDnsLabel('Certificate secret name', props.secretName);
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(props.domain)) {
      throw new Error(`WildcardCertificate ${props.name}: domain must be a DNS name, got ${JSON.stringify(props.domain)}`);
    }
    for (const extra of props.extraWildcards ?? []) {
      if (!extra.endsWith(`.${props.domain}`) || !/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(extra)) {
        throw new Error(`WildcardCertificate ${props.name}: extraWildcards must be DNS names below ${props.domain}, got ${JSON.stringify(extra)}`);
      }
    }
    new Certificate(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        secretName: props.secretName,
        dnsNames: [`*.${props.domain}`, ...((props.includeApex ?? true) ? [props.domain] : []), ...(props.extraWildcards ?? []).map((d) => `*.${d}`)],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: props.clusterIssuer },
      },
    });
  }
}
