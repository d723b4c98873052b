import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { volumeBackupAnnotations } from '../platform/volume-backup';
import { HelmComponent } from './helm-component';

/** The two secrets servers the platform can run: HashiCorp Vault (BSL 1.1) or OpenBao (MPL 2.0, its open fork). */
export type SecretsProduct = 'vault' | 'openbao';

/** What differs between the two: chart, names, paths inside the image, CLI and its environment. */
export interface SecretsProductInfo {
  /** Component, namespace, HelmRelease and chart name; also the prefix of its Services and pods. */
  readonly name: SecretsProduct;
  /** Title in messages and docs. */
  readonly title: string;
  /** Chart repository. */
  readonly repository: string;
  /** Folder the image keeps its config, data and user config under. */
  readonly home: string;
  /** The command-line client inside the server image. */
  readonly cli: string;
  /** Prefix of the client's environment variables (`<prefix>_ADDR`, `<prefix>_TOKEN`, `<prefix>_CACERT`). */
  readonly envPrefix: string;
  /** Licence of the server. */
  readonly licence: string;
}

export const SECRETS_PRODUCTS: Readonly<Record<SecretsProduct, SecretsProductInfo>> = {
  vault: { name: 'vault', title: 'Vault', repository: 'https://helm.releases.hashicorp.com', home: '/vault', cli: 'vault', envPrefix: 'VAULT', licence: 'BUSL-1.1' },
  openbao: { name: 'openbao', title: 'OpenBao', repository: 'https://openbao.github.io/openbao-helm', home: '/openbao', cli: 'bao', envPrefix: 'BAO', licence: 'MPL-2.0' },
};

/** Automatic unsealing through OCI Vault (KMS): the servers ask the key to decrypt their root key at start. */
export interface OciKmsSeal {
  /** OCID of the master encryption key. */
  readonly keyOcid: string;
  /** The vault's crypto endpoint (https://<id>-crypto.kms.<region>.oraclecloud.com). */
  readonly cryptoEndpoint: string;
  /** The vault's management endpoint (https://<id>-management.kms.<region>.oraclecloud.com). */
  readonly managementEndpoint: string;
}

export interface VaultProps extends ComponentProps {
  /**
   * Which server: HashiCorp Vault or OpenBao.
   * @default 'vault'
   */
  readonly product?: SecretsProduct;
  /**
   * Server replicas (raft peers); odd, for quorum.
   * @default 3
   */
  readonly replicas?: number;
}

/** Secret (in the server's namespace) holding the listener certificate, key and CA. */
const TLS_SECRET = 'vault-tls';
/** Where the listener certificate is mounted in the server pods. */
const tlsDir = (p: SecretsProductInfo) => `${p.home}/userconfig/${TLS_SECRET}`;

/** The `seal "ocikms"` stanza (instance principal: the node's dynamic group must be allowed to use the key). */
export function ociKmsSealStanza(seal: OciKmsSeal): string {
  if (!/^ocid1\.key\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9.-]+$/.test(seal.keyOcid)) throw new Error(`ocikms seal: keyOcid ${JSON.stringify(seal.keyOcid)} is not a key OCID`);
  for (const [field, url] of [['cryptoEndpoint', seal.cryptoEndpoint], ['managementEndpoint', seal.managementEndpoint]] as const) {
    if (!/^https:\/\/[a-z0-9.-]+\.oraclecloud\.com\/?$/.test(url)) throw new Error(`ocikms seal: ${field} ${JSON.stringify(url)} must be an https:// OCI KMS endpoint`);
  }
  return (
    'seal "ocikms" {\n' +
    `  key_id = "${seal.keyOcid}"\n` +
    `  crypto_endpoint = "${seal.cryptoEndpoint}"\n` +
    `  management_endpoint = "${seal.managementEndpoint}"\n` +
    '  auth_type_api_key = "false"\n' +
    '}\n'
  );
}

/**
 * HashiCorp Vault or OpenBao (`product`; the same chart layout, OpenBao's a fork of Vault's) in HA
 * mode with integrated raft storage and the agent injector. The listener
 * uses TLS from a cert-manager Certificate (`vault-tls`, signed by the internal CA, created with the
 * configs); raft peers join each other over TLS. Its HelmRelease is installed by infra-services,
 * after that Certificate exists (see RELEASES), so Helm waits for the pods like any other release.
 * Pods report ready while sealed or uninitialised, so GitOps does not stall before the one-time
 * `vault operator init` / unseal. Its metrics (`/v1/sys/metrics`) need a Vault token, like the rest
 * of the API, and are not scraped (a token exists only after init); its public route admits only
 * the admin ranges (`network.adminCidrs`).
 */
export class Vault extends Construct {
  /** Namespace of Vault's servers and injector (OpenBao's: `openbao`). */
  static readonly namespace = 'vault';
  /** Chart repository of Vault. */
  static readonly repository = SECRETS_PRODUCTS.vault.repository;
  /** Secret holding the listener certificate, key and the CA (`ca.crt`), in either product's namespace. */
  static readonly tlsSecret = TLS_SECRET;
  /** Service that always points at Vault's active node (OpenBao's: `openbao-active`). */
  static readonly activeService = 'vault-active';

  /** Service that always points at the product's active node. */
  static activeServiceOf(product: SecretsProduct): string {
    return `${product}-active`;
  }

  /** Host names the listener certificate must cover (Services and raft peers). */
  static dnsNames(namespace = Vault.namespace, product: SecretsProduct = 'vault'): string[] {
    const names = [product, `${product}-active`, `${product}-standby`, `${product}-internal`];
    return [
      ...names.flatMap((n) => [n, `${n}.${namespace}`, `${n}.${namespace}.svc`, `${n}.${namespace}.svc.cluster.local`]),
      `*.${product}-internal`,
      `*.${product}-internal.${namespace}.svc`,
      `*.${product}-internal.${namespace}.svc.cluster.local`,
    ];
  }

  /** Values for `replicas` raft peers of the product (Vault unless said otherwise). */
  static baseValues(replicas: number, product: SecretsProduct = 'vault'): Values {
    const p = SECRETS_PRODUCTS[product];
    const TLS_DIR = tlsDir(p);
    const retryJoin = Array.from(
      { length: replicas },
      (_, i) =>
        `  retry_join {\n    leader_api_addr = "https://${product}-${i}.${product}-internal:8200"\n    leader_ca_cert_file = "${TLS_DIR}/ca.crt"\n  }\n`,
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
      `storage "raft" {\n  path = "${p.home}/data"\n` +
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
        extraEnvironmentVars: { [`${p.envPrefix}_CACERT`]: `${TLS_DIR}/ca.crt` },
        volumes: [{ name: TLS_SECRET, secret: { secretName: TLS_SECRET, defaultMode: 0o440 } }],
        volumeMounts: [{ name: TLS_SECRET, mountPath: TLS_DIR, readOnly: true }],
        // The raft data (secrets, encrypted) and the audit log (who read what) go into Velero's
        // file-system backups with the namespace.
        // As a YAML string: OpenBao's chart mis-indents a map here (both charts accept a string).
        annotations: Object.entries(volumeBackupAnnotations(['audit', 'data'])).map(([k, v]) => `${k}: ${v}\n`).join(''),
        dataStorage: { enabled: true, size: '10Gi' },
        auditStorage: { enabled: true, size: '5Gi' },
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
        statefulSet: { securityContext: { pod: podSecurity, container: containerSecurity } },
      },
      ui: { enabled: true },
    };
  }

  /**
   * Values derived from the cluster: with an OCI KMS key (`oci.kmsUnseal`, OKE clusters), the
   * servers' config gains a `seal "ocikms"` stanza and they unseal themselves at every start.
   */
  static clusterValues(ctx: ClusterContext, product: SecretsProduct = 'vault'): Values | undefined {
    if (!ctx.kmsUnseal) return undefined;
    const replicas = 3;
    const base = Vault.baseValues(replicas, product) as { server: { ha: { raft: { config: string } } } };
    return { server: { ha: { raft: { config: base.server.ha.raft.config + ociKmsSealStanza(ctx.kmsUnseal) } } } };
  }

  constructor(scope: Construct, id: string, props: VaultProps) {
    super(scope, id);
    const product = SECRETS_PRODUCTS[props.product ?? 'vault'];
    const replicas = props.replicas ?? 3;
    if (!Number.isInteger(replicas) || replicas < 1 || replicas % 2 === 0) {
      throw new Error(`${product.title}: replicas must be an odd number (raft quorum), got ${replicas}`);
    }
    new HelmComponent(this, 'Component', {
      namespace: product.name,
      repository: product.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        // Applications and their injected agents reach Vault from every namespace.
        { name: 'api', peer: { allNamespaces: true }, ports: [{ port: 8200 }] },
        { name: 'injector-webhook', peer: { anywhere: true }, ports: [{ port: 8080 }] },
      ],
      egress: [{ name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] }],
      releases: [
        { name: product.name, chart: product.name, defaults: Vault.baseValues(replicas, product.name), values: props.values },
      ],
    });
  }
}
