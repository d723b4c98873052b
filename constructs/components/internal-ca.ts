import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, ClusterIssuer } from '../../imports/cert-manager-cert-manager.io';

export interface InternalCaProps {
  /** Namespace cert-manager runs in; the CA key pair is stored there. */
  readonly namespace: string;
  /**
   * Name of the CA ClusterIssuer that signs in-cluster certificates.
   * @default platform-internal-ca
   */
  readonly issuerName?: string;
}

/**
 * The cluster's private CA for in-cluster TLS (Vault listeners, webhooks of charts that want a
 * cert-manager issuer): a self-signed bootstrap issuer signs one CA certificate, and a CA
 * ClusterIssuer signs with it. Not trusted outside the cluster; public names use Let's Encrypt.
 */
export class InternalCa extends Construct {
  /** Name of the CA ClusterIssuer. */
  public readonly issuerName: string;

  constructor(scope: Construct, id: string, props: InternalCaProps) {
    super(scope, id);
    this.issuerName = props.issuerName ?? 'platform-internal-ca';
    new ClusterIssuer(this, 'Bootstrap', { metadata: { name: 'selfsigned-bootstrap' }, spec: { selfSigned: {} } });
    new Certificate(this, 'Certificate', {
      metadata: { name: this.issuerName, namespace: props.namespace },
      spec: {
        isCa: true,
        commonName: this.issuerName,
        secretName: this.issuerName,
        duration: '87600h',
        renewBefore: '720h',
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'selfsigned-bootstrap' },
      },
    });
    new ClusterIssuer(this, 'Issuer', { metadata: { name: this.issuerName }, spec: { ca: { secretName: this.issuerName } } });
  }
}
