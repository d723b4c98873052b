import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

export interface VaultProps extends ComponentProps {
  /**
   * Vault server replicas (raft peers); odd, for quorum.
   * @default 3
   */
  readonly replicas?: number;
}

/** Where Vault's listener certificate is mounted in the server pods. */
const TLS_DIR = '/vault/userconfig/vault-tls';

/**
 * HashiCorp Vault in HA mode with integrated raft storage and the agent injector. The listener
 * uses TLS from a cert-manager Certificate (`vault-tls`, signed by the internal CA, created with the
 * configs); raft peers join each other over TLS. Its HelmRelease is installed by infra-services,
 * after that Certificate exists (see RELEASES), so Helm waits for the pods like any other release.
 * Pods report ready while sealed or uninitialised, so GitOps does not stall before the one-time
 * `vault operator init` / unseal. Its metrics (`/v1/sys/metrics`) need a Vault token, like the rest
 * of the API, and are not scraped (a token exists only after init); its public route admits only
 * the admin ranges (`network.adminCidrs`).
 */
export class Vault extends Construct {
  /** Namespace of the servers and the injector. */
  static readonly namespace = 'vault';
  /** Chart repository. */
  static readonly repository = 'https://helm.releases.hashicorp.com';
  /** Secret holding the listener certificate, key and the CA (`ca.crt`). */
  static readonly tlsSecret = 'vault-tls';
  /** Service that always points at the active node. */
  static readonly activeService = 'vault-active';

  /** Host names the listener certificate must cover (Services and raft peers). */
  static dnsNames(namespace = Vault.namespace): string[] {
    const names = ['vault', 'vault-active', 'vault-standby', 'vault-internal'];
    return [
      ...names.flatMap((n) => [n, `${n}.${namespace}`, `${n}.${namespace}.svc`, `${n}.${namespace}.svc.cluster.local`]),
      `*.vault-internal`,
      `*.vault-internal.${namespace}.svc`,
      `*.vault-internal.${namespace}.svc.cluster.local`,
    ];
  }

  /** Values for `replicas` raft peers. */
  static baseValues(replicas: number): Values {
    const retryJoin = Array.from(
      { length: replicas },
      (_, i) =>
        `  retry_join {\n    leader_api_addr = "https://vault-${i}.vault-internal:8200"\n    leader_ca_cert_file = "${TLS_DIR}/ca.crt"\n  }\n`,
    ).join('');
    const config =
      'ui = true\n' +
      'disable_mlock = true\n' +
      'listener "tcp" {\n' +
      '  address = "[::]:8200"\n' +
      '  cluster_address = "[::]:8201"\n' +
      `  tls_cert_file = "${TLS_DIR}/tls.crt"\n` +
      `  tls_key_file = "${TLS_DIR}/tls.key"\n` +
      '  tls_min_version = "tls12"\n' +
      // /v1/sys/metrics wants a token with read on sys/metrics, like the rest of the API.
      '  telemetry {\n    unauthenticated_metrics_access = false\n  }\n' +
      '}\n' +
      'storage "raft" {\n  path = "/vault/data"\n' +
      retryJoin +
      '}\n' +
      'service_registration "kubernetes" {}\n' +
      'telemetry {\n  prometheus_retention_time = "30s"\n  disable_hostname = true\n}\n';
    const podSecurity = {
      runAsNonRoot: true,
      runAsUser: 100,
      runAsGroup: 1000,
      fsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const containerSecurity = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    return {
      global: { enabled: true, tlsDisable: false },
      injector: {
        enabled: true,
        replicas: 1,
        resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        securityContext: { pod: podSecurity, container: containerSecurity },
      },
      server: {
        ha: { enabled: true, replicas, raft: { enabled: true, setNodeId: true, config } },
        readinessProbe: { enabled: true, path: '/v1/sys/health?standbyok=true&sealedcode=204&uninitcode=204' },
        extraEnvironmentVars: { VAULT_CACERT: `${TLS_DIR}/ca.crt` },
        volumes: [{ name: 'vault-tls', secret: { secretName: Vault.tlsSecret, defaultMode: 0o440 } }],
        volumeMounts: [{ name: 'vault-tls', mountPath: TLS_DIR, readOnly: true }],
        dataStorage: { enabled: true, size: '10Gi' },
        auditStorage: { enabled: true, size: '5Gi' },
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
        statefulSet: { securityContext: { pod: podSecurity, container: containerSecurity } },
      },
      ui: { enabled: true },
    };
  }

  /** Values derived from the cluster: none. */
  static clusterValues(_ctx: ClusterContext): Values | undefined {
    return undefined;
  }

  constructor(scope: Construct, id: string, props: VaultProps) {
    super(scope, id);
    const replicas = props.replicas ?? 3;
    if (!Number.isInteger(replicas) || replicas < 1 || replicas % 2 === 0) {
      throw new Error(`Vault: replicas must be an odd number (raft quorum), got ${replicas}`);
    }
    new HelmComponent(this, 'Component', {
      namespace: Vault.namespace,
      repository: Vault.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        // Applications and their injected agents reach Vault from every namespace.
        { name: 'api', peer: { allNamespaces: true }, ports: [{ port: 8200 }] },
        { name: 'injector-webhook', peer: { anywhere: true }, ports: [{ port: 8080 }] },
      ],
      egress: [{ name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] }],
      releases: [
        { name: 'vault', chart: 'vault', defaults: Vault.baseValues(replicas), values: props.values },
      ],
    });
  }
}
