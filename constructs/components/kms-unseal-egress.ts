import { Construct } from 'constructs';
import { NamespaceNetworkPolicies } from '../platform/namespace-network-policies';

export interface KmsUnsealEgressProps {
  /** Namespace of the Vault or OpenBao servers. */
  readonly namespace: string;
}

/**
 * What a server that unseals through OCI KMS must reach besides the cluster: the KMS endpoints
 * (HTTPS, public OCI addresses) and, for its instance-principal credentials, the node's metadata
 * service (169.254.169.254:80). Added to the namespace's default deny on the clusters that set
 * `oci.kmsUnseal` only; every other pod on those clusters stays fenced off the metadata service.
 */
export class KmsUnsealEgress extends Construct {
  constructor(scope: Construct, id: string, props: KmsUnsealEgressProps) {
    super(scope, id);
    new NamespaceNetworkPolicies(this, 'policies', {
      namespace: props.namespace,
      defaultDeny: false,
      allowSameNamespace: false,
      allowDns: false,
      egress: [
        { name: 'oci-kms', peer: { anywhere: true }, ports: [{ port: 443 }] },
        { name: 'instance-metadata', peer: { cidrs: ['169.254.169.254/32'] }, ports: [{ port: 80 }] },
      ],
    });
  }
}
