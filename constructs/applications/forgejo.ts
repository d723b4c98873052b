import { ScaleToZero } from './scale-to-zero';
import * as kplus from 'cdk8s-plus-30';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { WORKLOAD_IMAGE_PINS } from '../../config/application-catalogue';
import { checkPinnedImage, type PinnedImageOptions } from '../apps/image';
import { assertDnsLabel } from '../flux/names';
import { volumeBackupAnnotations } from '../platform/volume-backup';

/** The OpenID Connect client Forgejo signs users in with. */
export interface ForgejoSignIn {
  /** Issuer URL (its /.well-known/openid-configuration is read at start). */
  readonly issuer: string;
  /** Client id at the identity provider. */
  readonly clientId: string;
  /** Secret in Forgejo's namespace with key `clientSecret`. */
  readonly clientSecret: string;
  /** Button label and authentication source name shown on the login page. */
  readonly displayName: string;
}

export interface ForgejoProps {
  /** Namespace (made by ApplicationNamespace). */
  readonly namespace: string;
  /**
   * Image pinned by a full version tag of the rootless variant (it runs as uid 1000), e.g.
   * codeberg.org/forgejo/forgejo:11.0.14-rootless, optionally with `@sha256:` after it (Forgejo.imagePin).
   */
  readonly image: string;
  /** Public host name (ROOT_URL https://<hostname>/). */
  readonly hostname: string;
  /** The CloudNativePG database: host (its -rw Service) and the Secret with `username`, `password`, `dbname`. */
  readonly database: { readonly host: string; readonly secret: string };
  /** Secret with keys SECRET_KEY and INTERNAL_TOKEN (SOPS). */
  readonly securitySecret: string;
  /**
   * Single sign-on through an OAuth2 authentication source.
   * @default - none: local accounts only
   */
  readonly signIn?: ForgejoSignIn;
  /**
   * Size of the repositories volume in GiB.
   * @default 10
   */
  readonly storageGb?: number;
  /**
   * Sleep when idle: the Deployment carries Sablier's labels with this group (ScaleToZero) and leaves
   * `spec.replicas` to Sablier.
   * @default - always up, one replica
   */
  readonly scaleToZeroGroup?: string;
  /**
   * Memory request and limit of the server.
   * @default { request: '128Mi', limit: '512Mi' }
   */
  readonly memory?: { readonly request: string; readonly limit: string };
}

/** Name of the OAuth2 authentication source (also the path segment of its callback, /user/oauth2/<name>/callback). */
export const FORGEJO_SSO_SOURCE = 'sso';

/**
 * Forgejo, the git forge, as a cdk8s-plus workload (its chart could not be brought offline): one
 * Deployment (Recreate: the repositories volume is ReadWriteOnce) of the rootless image over its
 * CloudNativePG database, configured entirely through `FORGEJO__section__KEY` environment variables
 * (the image writes them into app.ini at start), a PersistentVolumeClaim for repositories and LFS, a
 * Service on 3000 and probes on /api/healthz. Runs as uid 1000, non-root, no privilege escalation,
 * all capabilities dropped, RuntimeDefault seccomp, read-only root filesystem (app.ini and /tmp on
 * emptyDirs). SSH is off (DISABLE_SSH): clone and push over HTTPS. With `signIn` an init container
 * migrates the database and creates (or updates) the OAuth2 source `sso` with `forgejo admin auth`,
 * so the login page offers the identity provider and new users are registered from it.
 */
export class Forgejo extends Construct {
  /** Name of the Deployment and the Service. */
  static readonly serviceName = 'forgejo';
  /** HTTP port. */
  static readonly port = 3000;
  /** The form the image reference must take (checkPinnedImage): a full version tag ending in -rootless. */
  static readonly imagePin: PinnedImageOptions = WORKLOAD_IMAGE_PINS.forgejo;
  /** The Deployment (for tests and escape hatches). */
  readonly deployment: kplus.Deployment;

  constructor(scope: Construct, id: string, props: ForgejoProps) {
    super(scope, id);
    assertDnsLabel('Forgejo namespace', props.namespace);
    checkPinnedImage(`Forgejo ${id}`, 'image', props.image, Forgejo.imagePin);
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(props.hostname)) throw new Error(`Forgejo: hostname must be a DNS name, got ${JSON.stringify(props.hostname)}`);
    const storageGb = props.storageGb ?? 10;
    if (!Number.isInteger(storageGb) || storageGb < 1) throw new Error(`Forgejo: storageGb must be a positive integer, got ${storageGb}`);
    const memory = props.memory ?? { request: '128Mi', limit: '512Mi' };
    const metadata = { name: Forgejo.serviceName, namespace: props.namespace };
    const secrets = new Map<string, kplus.ISecret>();
    const secret = (name: string) => {
      if (!secrets.has(name)) secrets.set(name, kplus.Secret.fromSecretName(this, `secret-${name}`, name));
      return secrets.get(name)!;
    };
    const fromSecret = (name: string, key: string) => kplus.EnvValue.fromSecretValue({ secret: secret(name), key });

    const env: Record<string, kplus.EnvValue> = {
      FORGEJO__server__DOMAIN: kplus.EnvValue.fromValue(props.hostname),
      FORGEJO__server__ROOT_URL: kplus.EnvValue.fromValue(`https://${props.hostname}/`),
      FORGEJO__server__HTTP_PORT: kplus.EnvValue.fromValue(String(Forgejo.port)),
      FORGEJO__server__DISABLE_SSH: kplus.EnvValue.fromValue('true'),
      FORGEJO__server__START_SSH_SERVER: kplus.EnvValue.fromValue('false'),
      FORGEJO__database__DB_TYPE: kplus.EnvValue.fromValue('postgres'),
      FORGEJO__database__HOST: kplus.EnvValue.fromValue(`${props.database.host}:5432`),
      FORGEJO__database__NAME: fromSecret(props.database.secret, 'dbname'),
      FORGEJO__database__USER: fromSecret(props.database.secret, 'username'),
      FORGEJO__database__PASSWD: fromSecret(props.database.secret, 'password'),
      FORGEJO__database__SSL_MODE: kplus.EnvValue.fromValue('require'),
      FORGEJO__security__INSTALL_LOCK: kplus.EnvValue.fromValue('true'),
      FORGEJO__security__SECRET_KEY: fromSecret(props.securitySecret, 'SECRET_KEY'),
      FORGEJO__security__INTERNAL_TOKEN: fromSecret(props.securitySecret, 'INTERNAL_TOKEN'),
      FORGEJO__metrics__ENABLED: kplus.EnvValue.fromValue('true'),
      ...(props.signIn
        ? {
            // Accounts come from the identity provider; the local registration form is gone.
            FORGEJO__service__ALLOW_ONLY_EXTERNAL_REGISTRATION: kplus.EnvValue.fromValue('true'),
            FORGEJO__service__SHOW_REGISTRATION_BUTTON: kplus.EnvValue.fromValue('false'),
            FORGEJO__oauth2_client__ENABLE_AUTO_REGISTRATION: kplus.EnvValue.fromValue('true'),
            FORGEJO__oauth2_client__ACCOUNT_LINKING: kplus.EnvValue.fromValue('login'),
          }
        : {}),
    };

    const data = new kplus.PersistentVolumeClaim(this, 'data', {
      metadata: { name: `${Forgejo.serviceName}-data`, namespace: props.namespace, annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } },
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      storage: Size.gibibytes(storageGb),
    });
    const dataVolume = kplus.Volume.fromPersistentVolumeClaim(this, 'data-volume', data, { name: 'data' });
    const configVolume = kplus.Volume.fromEmptyDir(this, 'config-volume', 'config');
    const tmpVolume = kplus.Volume.fromEmptyDir(this, 'tmp-volume', 'tmp');
    const securityContext: kplus.ContainerSecurityContextProps = {
      ensureNonRoot: true,
      user: 1000,
      group: 1000,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    };
    const mounts = [
      { volume: dataVolume, path: '/var/lib/gitea' },
      { volume: configVolume, path: '/etc/gitea' },
      { volume: tmpVolume, path: '/tmp' },
    ];

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata,
      replicas: 1,
      strategy: kplus.DeploymentStrategy.recreate(),
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: 1000, group: 1000, fsGroup: 1000 },
      containers: [
        {
          name: 'forgejo',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          portNumber: Forgejo.port,
          envVariables: env,
          securityContext,
          resources: {
            cpu: { request: kplus.Cpu.millis(50) },
            memory: { request: Size.mebibytes(parseMi(memory.request)), limit: Size.mebibytes(parseMi(memory.limit)) },
          },
          startup: kplus.Probe.fromHttpGet('/api/healthz', { port: Forgejo.port, failureThreshold: 30, periodSeconds: Duration.seconds(10) }),
          readiness: kplus.Probe.fromHttpGet('/api/healthz', { port: Forgejo.port }),
          liveness: kplus.Probe.fromHttpGet('/api/healthz', { port: Forgejo.port, periodSeconds: Duration.seconds(30) }),
          volumeMounts: mounts,
        },
      ],
    });
    if (props.scaleToZeroGroup) {
      for (const [key, value] of Object.entries(ScaleToZero.labels(props.scaleToZeroGroup))) this.deployment.metadata.addLabel(key, value);
      // Sablier owns the replica count; with it in the manifest Flux would set it back and wake the application.
      ApiObject.of(this.deployment).addJsonPatch(JsonPatch.remove('/spec/replicas'));
    }
    // Repositories and LFS go into Velero's file-system backups (the database backs itself up).
    for (const [key, value] of Object.entries(volumeBackupAnnotations(['data']))) this.deployment.podMetadata.addAnnotation(key, value);
    if (props.signIn) {
      const sso = props.signIn;
      // Database schema first (the source lives in it), then add the source or update it in place:
      // the id is the first column of `admin auth list` on the row named `sso`. No ${...} here:
      // Flux substitutes those in everything it applies.
      const script = [
        'set -eu',
        'environment-to-ini --config "$GITEA_APP_INI"',
        'forgejo migrate',
        `id=$(forgejo admin auth list --vertical-bars | awk -F'|' '{ gsub(/ /, "", $1); gsub(/ /, "", $2) } $2 == "${FORGEJO_SSO_SOURCE}" { print $1 }')`,
        `set -- --name ${FORGEJO_SSO_SOURCE} --provider openidConnect --key "$OIDC_CLIENT_ID" --secret "$OIDC_CLIENT_SECRET" --auto-discover-url "$OIDC_DISCOVERY_URL" --scopes openid --scopes email --scopes profile --scopes groups --skip-local-2fa`,
        'if [ -z "$id" ]; then forgejo admin auth add-oauth "$@"; else forgejo admin auth update-oauth --id "$id" "$@"; fi',
      ].join('\n');
      this.deployment.addInitContainer({
        name: 'sso-source',
        image: props.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/bin/sh', '-c', script],
        envVariables: {
          ...env,
          OIDC_CLIENT_ID: kplus.EnvValue.fromValue(sso.clientId),
          OIDC_CLIENT_SECRET: fromSecret(sso.clientSecret, 'clientSecret'),
          OIDC_DISCOVERY_URL: kplus.EnvValue.fromValue(`${sso.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`),
        },
        securityContext,
        resources: { cpu: { request: kplus.Cpu.millis(10) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(parseMi(memory.limit)) } },
        volumeMounts: mounts,
      });
    }
    new kplus.Service(this, 'service', {
      metadata,
      selector: this.deployment,
      ports: [{ name: 'http', port: Forgejo.port, targetPort: Forgejo.port }],
    });
  }
}

/** Mebibytes of a `<n>Mi` or `<n>Gi` quantity. */
function parseMi(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`memory ${quantity} must be like 256Mi or 1Gi`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}
