import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm } from '../../imports/cert-manager-cert-manager.io';

export interface VaultTlsProps {
  /** Namespace of the Vault servers. */
  readonly namespace: string;
  /** Secret the servers mount. */
  readonly secretName: string;
  /** Host names the listener answers on (Services, raft peers). */
  readonly dnsNames: readonly string[];
  /** ClusterIssuer of the internal CA. */
  readonly clusterIssuer: string;
}

/** The Vault listener certificate from the internal CA (the Secret also carries `ca.crt`). */
export class VaultTls extends Construct {
  constructor(scope: Construct, id: string, props: VaultTlsProps) {
    super(scope, id);
    if (props.dnsNames.length === 0) throw new Error('VaultTls: dnsNames needs at least one name');
    new Certificate(this, 'Resource', {
      metadata: { name: props.secretName, namespace: props.namespace },
      spec: {
        secretName: props.secretName,
        commonName: props.dnsNames[0],
        dnsNames: [...props.dnsNames],
        ipAddresses: ['127.0.0.1'],
        duration: '2160h',
        renewBefore: '360h',
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: props.clusterIssuer },
      },
    });
  }
}
