import { z } from 'zod';
import { PINNED_IMAGE_PATTERN, PINNED_IMAGE_PATTERN_RULE } from './pinned-image';

/**
 * The typed description of the platform. Every TypeScript type below is inferred from these
 * schemas; nothing is declared twice. Files in environments/ are validated against the
 * "file" schemas (every cluster field optional, because layers fill them in); the merged
 * result is validated against the "resolved" schemas, then against the rules in rules.ts.
 */

export const PROVIDERS = ['oci-oke', 'hcloud-k3s', 'do-k3s'] as const;
export const SIZES = ['small', 'medium', 'large'] as const;
export const DNS_PROVIDERS = ['cloudflare', 'route53'] as const;
export const APP_TEMPLATES = ['helm-app', 'kustomize-app', 'stateful-app'] as const;
/** Let's Encrypt directories a cluster can issue its public certificates from. */
export const ACME_DIRECTORIES = ['staging', 'production'] as const;

/** Platform components, by the name used in environments/ and in gitops/ paths. */
export const COMPONENTS = [
  'cert-manager',
  'envoy-gateway',
  'ingress-nginx',
  'external-dns',
  'vault',
  'openbao',
  'metallb',
  'istio',
  'kube-prometheus-stack',
  'loki',
  'alloy',
  'tempo',
  'opentelemetry-collector',
  'kyverno',
  'velero',
  'cloudnative-pg',
  'redis-operator',
  'dex',
  'oauth2-proxy',
  'keycloak',
  'sealed-secrets',
  'longhorn',
  'tailscale-operator',
  'sablier',
  'cilium',
] as const;

/**
 * Company applications (the application layer): switched on per cluster like the components, each in
 * a namespace of its own at `<subdomain>.<domain>` (config/application-catalogue.ts).
 */
export const APPLICATIONS = ['mattermost', 'nextcloud', 'forgejo', 'homepage', 'litellm'] as const;

/** Platform services that get a standard host name under the cluster domain (`<label>.<domain>`). */
export const SUBDOMAIN_SERVICES = ['grafana', 'prometheus', 'vault', 'dex', 'keycloak', 'auth'] as const;

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** A Kubernetes/DNS label: lower case letters, digits and '-', starting with a letter. */
export const name = (maxLength = 63) =>
  z
    .string()
    .max(maxLength, { message: `must be at most ${maxLength} characters` })
    .regex(DNS_LABEL, {
      message: 'must be a DNS label: lower-case letters, digits and "-", starting with a letter, not ending with "-"',
    });

/** An exact version, never a range or a moving tag. */
export const exactVersion = z.string().regex(EXACT_VERSION, {
  message: 'must be an exact version such as 1.2.3 or v1.2.3 (no ranges, wildcards or "latest")',
});

const domain = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: 'must be a lower-case DNS name such as example.com',
  });

/** CIDR syntax is checked in rules.ts, where the message can name the reason. */
const cidr = z.string().describe('A CIDR block, e.g. 10.0.0.0/16');

const NodePool = z.strictObject({
  role: z
    .enum(['control-plane', 'worker'])
    .default('worker')
    .describe('k3s clusters: control-plane pools run the k3s server; OKE pools are always workers. Default worker.'),
  count: z.number().int().min(1).max(100).describe('Number of nodes in the pool.'),
  machineType: z
    .string()
    .min(1)
    .describe('OCI shape (VM.Standard.A1.Flex), Hetzner server type (cax21) or DigitalOcean droplet size (s-2vcpu-4gb).'),
  ocpus: z.number().positive().max(128).optional().describe('OCPUs per node, for OCI flexible shapes.'),
  memoryGb: z.number().positive().max(1024).optional().describe('Memory per node in GB, for OCI flexible shapes.'),
  bootVolumeGb: z.number().int().min(50).max(32768).optional().describe('Boot volume per node in GB (OCI; minimum 50).'),
  labels: z.record(z.string(), z.string()).optional().describe('Kubernetes node labels.'),
});

const Network = z.strictObject({
  nodeCidr: cidr.describe('The VCN / private network / VPC range that holds the nodes.'),
  subnets: z.strictObject({
    public: cidr.describe('Load balancers and (OCI) the API endpoint.'),
    nodes: cidr.describe('Worker and control-plane nodes.'),
  }),
  podCidr: cidr.describe('Pod network (OKE default 10.244.0.0/16, k3s 10.42.0.0/16).'),
  serviceCidr: cidr.describe('Service network (OKE default 10.96.0.0/16, k3s 10.43.0.0/16).'),
  adminCidrs: z
    .array(cidr)
    .min(1)
    .describe('Sources allowed to reach the Kubernetes API (6443) and SSH, and through the ingress Vault and Keycloak\'s admin console (where the ingress sees client addresses). Never 0.0.0.0/0, never inside the node, pod or service ranges.'),
});

const Dns = z.strictObject({
  provider: z.enum(DNS_PROVIDERS),
  zone: domain.describe('The DNS zone the records live in.'),
  subdomain: name().optional().describe('Records go under <subdomain>.<zone>; default: the zone apex.'),
  createZone: z.boolean().describe('Create the zone in this cluster\'s DNS stack (true) or use an existing one (false).'),
  proxied: z.boolean().describe('Cloudflare only: proxy the records through Cloudflare.'),
});

const GitOps = z.strictObject({
  url: z
    .string()
    .regex(/^(https:\/\/|ssh:\/\/)[^\s]+$/, { message: 'must be an https:// or ssh:// repository URL' }),
  branch: z.string().min(1).regex(/^[A-Za-z0-9._/-]+$/, { message: 'must be a git branch name' }),
  path: z
    .string()
    .regex(/^\.\/[A-Za-z0-9._/-]*$/, { message: 'must be a repository path starting with ./' })
    .optional()
    .describe('Path Flux syncs; default ./gitops/clusters/<cluster>.'),
  interval: z.string().regex(/^\d+[smh]$/, { message: 'must be a duration like 1m or 1h' }),
});

const Component = z.strictObject({
  enabled: z.boolean(),
  version: exactVersion.describe('Exact chart version.'),
  values: z.record(z.string(), z.unknown()).optional().describe('Helm values overrides.'),
});

const Components = z.strictObject(
  Object.fromEntries(COMPONENTS.map((component) => [component, Component.optional()])) as Record<
    (typeof COMPONENTS)[number],
    z.ZodOptional<typeof Component>
  >,
);

const AppsRepository = z.strictObject({
  url: z.string().regex(/^(https:\/\/|ssh:\/\/)[^\s]+$/, { message: 'must be an https:// or ssh:// repository URL' }),
  branch: z.string().min(1).regex(/^[A-Za-z0-9._/-]+$/, { message: 'must be a git branch name' }),
  path: z
    .string()
    .regex(/^\.\/[A-Za-z0-9._/-]*$/, { message: 'must be a repository path starting with ./' })
    .describe('Folder of the applications repository Flux applies into the tenant namespace.'),
  secretName: name(253).optional().describe('Secret (in the tenant namespace) with the git credentials; default: none (public repository).'),
});

/**
 * Volume sizes of the per-tenant services when the tenant does not set them, in GiB. The tenancy
 * constructs use these defaults and config/rules.ts checks them against the tenant's quota.
 */
export const TENANT_SERVICE_DEFAULTS = {
  /** Kanidm data volume (tenants.<name>.identity.storageGb). */
  identityStorageGb: 1,
  /** Stalwart data volume (tenants.<name>.mail.storageGb). */
  mailStorageGb: 5,
  /** Stalwart configuration volume (/etc/stalwart: the config.json its setup writes); fixed. */
  mailConfigStorageGb: 1,
} as const;

/**
 * A container image pinned to a version tag (at least major.minor) or a sha256 digest: the rule of
 * config/pinned-image.ts (PINNED_IMAGE_PATTERN), which the JSON schema for editors carries as its pattern.
 */
const pinnedImage = z.string().regex(new RegExp(PINNED_IMAGE_PATTERN), { message: PINNED_IMAGE_PATTERN_RULE });

const TenantIdentity = z.strictObject({
  provider: z.literal('kanidm').describe('Identity provider software: kanidm (the only one so far).'),
  storageGb: z
    .number()
    .int()
    .min(1)
    .max(1024)
    .optional()
    .describe(`Size of the Kanidm data volume (database and online backups) in GiB; default ${TENANT_SERVICE_DEFAULTS.identityStorageGb}.`),
  image: pinnedImage
    .optional()
    .describe('Kanidm server image for this tenant only; default: tenantServices.kanidm.image (environments/defaults.yaml).'),
});

const TenantMail = z.strictObject({
  provider: z.literal('stalwart').describe('Mail server software: stalwart (the only one so far).'),
  storageGb: z
    .number()
    .int()
    .min(1)
    .max(16384)
    .optional()
    .describe(
      `Size of the Stalwart data volume (mailboxes, queue, search index) in GiB; default ${TENANT_SERVICE_DEFAULTS.mailStorageGb}. ` +
        `Its ${TENANT_SERVICE_DEFAULTS.mailConfigStorageGb} GiB configuration volume comes on top.`,
    ),
  image: pinnedImage
    .optional()
    .describe('Stalwart image for this tenant only; default: tenantServices.stalwart.image (environments/defaults.yaml).'),
  adminSecretName: name(253)
    .optional()
    .describe(
      'Existing Secret in the tenant namespace (created outside git) whose key recovery-admin holds user:password for the Stalwart ' +
        'bootstrap/recovery administrator; default: none, Stalwart prints a one-time administrator password to its log on first start.',
    ),
  public: z
    .boolean()
    .optional()
    .describe(
      'Receive and serve mail from the internet: a load balancer of the tenant\'s own (the cluster stack\'s on hcloud-k3s and do-k3s, ' +
        'a network load balancer on OKE) forwards SMTP 25, submissions 465, submission 587 and IMAPS 993 with the PROXY protocol, ' +
        'mx.<tenant>.<domain> points at it and the DNS stack publishes the MX record of <tenant>.<domain>; default: false, the mail ' +
        'ports are reachable inside the cluster only.',
    ),
});

const Tenant = z.strictObject({
  size: z.enum(SIZES).describe('Quota size: small, medium or large.'),
  group: z
    .string()
    .regex(/^\S(.*\S)?$/, { message: 'must be a group name without surrounding spaces' })
    .describe('Identity-provider group bound to the namespace-admin role.'),
  appsRepository: AppsRepository.optional().describe(
    'Hand the tenant\'s applications to a separate repository, reconciled as the tenant\'s service account into its namespace only.',
  ),
  identity: TenantIdentity.optional().describe(
    'The tenant\'s own identity provider (Kanidm) in its namespace, at https://idm.<tenant>.<domain>; default: none.',
  ),
  mail: TenantMail.optional().describe(
    'The tenant\'s own mail server (Stalwart) in its namespace, web administration at https://mail.<tenant>.<domain>; default: none.',
  ),
});

const TenantServiceImage = z.strictObject({
  image: pinnedImage.describe('Container image, pinned to a version tag or digest.'),
});

const TenantServices = z
  .strictObject({
    kanidm: TenantServiceImage.describe('Kanidm server (tenants.<name>.identity), e.g. docker.io/kanidm/server:1.11.2.'),
    stalwart: TenantServiceImage.describe('Stalwart mail server (tenants.<name>.mail), e.g. docker.io/stalwartlabs/stalwart:v0.16.25.'),
  })
  .describe('Images of the per-tenant services, pinned once for the fleet in environments/defaults.yaml.');

const Backups = z.strictObject({
  endpoint: z.string().regex(/^https:\/\/\S+$/, { message: 'must be an https:// S3 endpoint' }).describe('S3-compatible endpoint URL.'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a valid S3 bucket name' }),
  region: z.string().min(1).describe('S3 region (any string the storage accepts, e.g. auto or eu-central-1).'),
  schedule: z.string().min(9).describe('Cron schedule of the Velero cluster backup.'),
  retentionDays: z.number().int().min(1).max(3650).describe('Days backups are kept.'),
  restoreDatabases: z
    .record(
      z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?\/[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'must be <namespace>/<database name>' }),
      z.strictObject({
        archiveAs: name().describe(
          'Server name the recovered database archives its WAL and base backups under from now on (a folder beside the old one); must differ from the one it recovers from.',
        ),
        fromServerName: name().optional().describe('Server name the backups were written under; default: the database name (its first life).'),
        targetTime: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/, { message: 'must be an RFC 3339 time with a zone, e.g. 2026-12-07T10:00:00Z' })
          .optional()
          .describe('Point in time to recover to; default: the end of the archived WAL.'),
      }),
    )
    .optional()
    .describe(
      'CloudNativePG databases (by <namespace>/<name>, e.g. keycloak/keycloak-db) created from this cluster\'s backups instead of empty: read only when the database ' +
        'is created (docs/operations.md, restore a database to a point in time). Default: none.',
    ),
});

const AlertReceiver = z.strictObject({
  type: z
    .enum(['email', 'slack', 'matrix', 'webhook'])
    .describe(
      'email (SMTP; password in Secret alertmanager-receivers key <name>-password), slack (incoming webhook URL in key <name>-url), ' +
        'matrix (the URL of a Matrix webhook bridge such as matrix-alertmanager-receiver or hookshot, key <name>-url) or webhook (Alertmanager\'s JSON to a URL, key <name>-url).',
    ),
  to: z.string().regex(/^[^@\s]+@[^@\s]+$/, { message: 'must be an email address' }).optional().describe('email: recipient.'),
  from: z.string().regex(/^[^@\s]+@[^@\s]+$/, { message: 'must be an email address' }).optional().describe('email: sender, also the SMTP user name.'),
  smarthost: z.string().regex(/^[^\s:]+:\d+$/, { message: 'must be host:port' }).optional().describe('email: SMTP server host:port (STARTTLS required).'),
  channel: z.string().regex(/^[#@][^\s]+$/, { message: 'must be a channel (#name) or user (@name)' }).optional().describe('slack: channel; default: the webhook\'s own.'),
  severities: z.array(z.enum(['critical', 'warning'])).min(1).optional().describe('Severities sent here (Flux failures count as critical); default both.'),
});

const DexClient = z.strictObject({
  name: z.string().min(1).describe('Display name on the login page.'),
  redirectUris: z.array(z.string().regex(/^https:\/\/\S+$/, { message: 'must be an https:// URL' })).min(1),
});

const DexConnector = z.strictObject({
  type: z.enum(['github', 'oidc']).describe('github (GitHub OAuth app) or oidc (any OpenID Connect provider: Google, Entra ID, GitLab, ...).'),
  name: z.string().min(1).describe('Button label on the Dex login page, e.g. GitHub.'),
  clientId: z.string().min(1).describe('Client ID of the OAuth app at the upstream provider (not secret); its client secret lives in Secret dex-connector-<id> (key clientSecret).'),
  orgs: z
    .array(
      z.strictObject({
        name: z.string().min(1).describe('GitHub organization.'),
        teams: z.array(z.string().min(1)).optional().describe('Only members of these teams; default: any member of the organization.'),
      }),
    )
    .optional()
    .describe('github: only members of these organizations may sign in (required: without it any GitHub user could).'),
  issuer: z.string().regex(/^https:\/\/\S+$/, { message: 'must be an https:// URL' }).optional().describe('oidc: the upstream issuer URL.'),
  scopes: z.array(z.string().min(1)).optional().describe('oidc: scopes to request; default: openid, profile, email.'),
});

/** A group name of the identity provider's groups claim (quoted inside Grafana's role expression, so no quotes or backslashes). */
const SSO_GROUP = z.string().regex(/^[^'"\\\s`]+$/, { message: 'must be a group name without quotes, backslashes, backticks or spaces' });

const Identity = z.strictObject({
  policyMode: z
    .enum(['audit', 'enforce'])
    .optional()
    .describe('Kyverno Pod Security policies: audit or enforce. Default: enforce in an environment with production: true, audit elsewhere.'),
  dexClients: z
    .record(name(63), DexClient)
    .optional()
    .describe('Dex static OIDC clients by id; each client secret lives in Secret dex-client-<id> (key clientSecret).'),
  dexConnectors: z
    .record(name(40), DexConnector)
    .optional()
    .describe('Dex upstream identity providers by id (users sign in through one of them); each client secret lives in Secret dex-connector-<id> (key clientSecret).'),
  allowedEmailDomains: z
    .array(z.union([z.literal('*'), domain]))
    .min(1)
    .optional()
    .describe(
      'Email domains whose users may sign in to the platform UIs behind single sign-on (OAuth2-Proxy, Grafana), e.g. example.org. ' +
        '"*" admits every address the identity provider accepts and is refused in an environment with production: true (rule sso-open-to-anyone). ' +
        'Default: "*" unless allowedGroups is set; a production cluster with single sign-on must set this or allowedGroups.',
    ),
  allowedGroups: z
    .array(SSO_GROUP)
    .min(1)
    .optional()
    .describe(
      'Identity-provider groups (the groups claim) whose members may sign in to the platform UIs behind single sign-on; with allowedEmailDomains both must match. ' +
        'Dex with GitHub: "<org>" or "<org>:<team-slug>"; Keycloak: needs a group-membership mapper named groups on the clients. Default: no group restriction.',
    ),
  adminGroups: z
    .array(SSO_GROUP)
    .min(1)
    .optional()
    .describe('Groups whose members become Grafana administrators (role Admin) when they sign in; everyone else admitted gets Viewer. Default: none (every SSO user is a Viewer).'),
});

/** A Kubernetes object name (a DNS subdomain: Secrets and ConfigMaps). */
const OBJECT_NAME = z
  .string()
  .max(253, { message: 'must be at most 253 characters' })
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, { message: 'must be a Kubernetes object name: lower-case letters, digits, "." and "-"' });
/** An absolute path in a container other than "/", without ".." or a trailing "/". */
const CONTAINER_PATH = z
  .string()
  .regex(/^\/[A-Za-z0-9._\-/]*[^/]$/, { message: 'must be an absolute path other than "/" without a trailing "/"' })
  .refine((path) => !path.split('/').includes('..'), { message: 'must not contain ".."' });
const KEY_REF = z.strictObject({ name: OBJECT_NAME, key: z.string().regex(/^[-._A-Za-z0-9]+$/, { message: 'must be a Secret or ConfigMap key' }) });
/** One environment variable of an app: a literal, or a key of a Secret or ConfigMap in the tenant namespace. */
const APP_ENV_VALUE = z.union([
  z.string(),
  z.strictObject({ secretKeyRef: KEY_REF }).describe('The value of one key of a Secret in the tenant namespace.'),
  z.strictObject({ configMapKeyRef: KEY_REF }).describe('The value of one key of a ConfigMap in the tenant namespace.'),
]);
/** A Secret or ConfigMap whose every key becomes an environment variable. */
const APP_ENV_FROM = z.union([
  z.strictObject({ secretRef: z.strictObject({ name: OBJECT_NAME }) }),
  z.strictObject({ configMapRef: z.strictObject({ name: OBJECT_NAME }) }),
]);
const UID = z.number().int().min(1).max(2147483647);

/**
 * The fields each app template takes besides template and tenant (rule app-field-not-taken refuses
 * the others, so nothing in a file is silently ignored).
 */
export const APP_TEMPLATE_FIELDS = {
  'helm-app': ['chart', 'values'],
  'kustomize-app': ['image', 'port', 'replicas', 'host', 'env', 'envFrom', 'writablePaths', 'runAsUser', 'runAsGroup', 'fsGroup', 'healthCheckPath'],
  'stateful-app': ['image', 'port', 'replicas', 'storageGb', 'dataMountPath', 'env', 'envFrom', 'writablePaths', 'runAsUser', 'runAsGroup', 'fsGroup', 'healthCheckPath'],
} as const satisfies Record<(typeof APP_TEMPLATES)[number], readonly string[]>;

const App = z.strictObject({
  template: z.string().describe('helm-app, kustomize-app or stateful-app.'),
  tenant: z.string().describe('The tenant whose namespace the app runs in.'),
  image: z.string().optional().describe('Container image with an exact tag (kustomize-app, stateful-app).'),
  port: z.number().int().min(1).max(65535).optional(),
  replicas: z.number().int().min(0).max(100).optional(),
  host: name().optional().describe('Host label under the tenant\'s domain (<host>.<tenant>.<domain>); default: the app name.'),
  storageGb: z.number().int().min(1).max(16384).optional().describe('stateful-app volume size.'),
  chart: z
    .strictObject({
      repository: z.string().regex(/^(https|oci):\/\/\S+$/, { message: 'must be an https:// or oci:// chart repository' }),
      name: z.string().min(1),
      version: exactVersion,
    })
    .optional()
    .describe('helm-app chart.'),
  values: z.record(z.string(), z.unknown()).optional().describe('helm-app: Helm values of the release. The other templates take none.'),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)' }), APP_ENV_VALUE)
    .optional()
    .describe(
      'kustomize-app, stateful-app: environment variables by name, each a literal string (committed to git: never a secret) or ' +
        '{ secretKeyRef: { name, key } } / { configMapKeyRef: { name, key } } naming a Secret or ConfigMap in the tenant namespace.',
    ),
  envFrom: z
    .array(APP_ENV_FROM)
    .optional()
    .describe('kustomize-app, stateful-app: Secrets ({ secretRef: { name } }) and ConfigMaps ({ configMapRef: { name } }) in the tenant namespace whose every key becomes an environment variable.'),
  dataMountPath: CONTAINER_PATH.optional().describe(
    'stateful-app: where the data volume is mounted, the image\'s data path (postgres: /var/lib/postgresql/data, with PGDATA in a sub-directory). Default: /data.',
  ),
  writablePaths: z
    .array(CONTAINER_PATH)
    .optional()
    .describe('kustomize-app, stateful-app: paths that get an emptyDir volume, writable although the root filesystem stays read-only (postgres: /tmp and /var/run/postgresql). Default: [/tmp].'),
  runAsUser: UID.optional().describe('kustomize-app, stateful-app: the uid the container runs as, the one the image expects (postgres: 999). Default: 65532.'),
  runAsGroup: z.number().int().min(0).max(2147483647).optional().describe('kustomize-app, stateful-app: the gid the container runs as. Default: runAsUser.'),
  fsGroup: z.number().int().min(0).max(2147483647).optional().describe('kustomize-app, stateful-app: the group that owns mounted volumes. Default: runAsGroup.'),
  healthCheckPath: z
    .string()
    .regex(/^\/\S*$/, { message: 'must be an absolute HTTP path such as /healthz' })
    .optional()
    .describe('kustomize-app, stateful-app: HTTP path probed on the port. Default: TCP probes.'),
});


const ApplicationDatabase = z.strictObject({
  instances: z.number().int().min(1).max(9).optional().describe('PostgreSQL instances (1 primary + replicas); default 1, production clusters want 2.'),
  storageGb: z.number().int().min(1).max(16384).optional().describe('Volume size per PostgreSQL instance in GiB; default 5.'),
});

const ApplicationRateLimit = z.strictObject({
  requestsPerMinute: z.number().int().min(1).max(1000000).describe('Requests per minute the application\'s route admits in total (Envoy Gateway local rate limit, per Envoy replica); more get 429.'),
});

/** Sablier's built-in waiting-page themes (sablier pkg/theme/embedded). */
export const SABLIER_THEMES = ['ghost', 'hacker-terminal', 'matrix', 'shuffle'] as const;
/** A waiting-page theme built into Sablier. */
export type SablierTheme = (typeof SABLIER_THEMES)[number];

const ApplicationScaleToZero = z.strictObject({
  enabled: z.boolean().describe('Scale the application to zero when idle and start it on the next request (Sablier through the gateway\'s Wasm filter).'),
  sessionDuration: z
    .string()
    .regex(/^[1-9][0-9]{0,3}(s|m|h)$/, { message: 'must be a duration such as 30m, 2h or 90s' })
    .optional()
    .describe('How long after the last request the application stays up. Default: 30m.'),
  strategy: z
    .enum(['dynamic', 'blocking'])
    .optional()
    .describe('dynamic: browsers get a waiting page that reloads until the application is ready; blocking: the request waits (up to 60s) and then passes, for API clients. Default: dynamic.'),
  theme: z.enum(SABLIER_THEMES).optional().describe('Waiting page theme (dynamic only). Default: ghost.'),
});

/** What every company application takes; the applications add their own fields below. */
const ApplicationBase = {
  enabled: z.boolean(),
  version: exactVersion.describe('Exact chart version (mattermost, nextcloud, homepage) or image tag (forgejo, litellm).'),
  subdomain: name().optional().describe('Host label under the cluster domain; default: the catalogue\'s (chat, cloud, git, home, ai).'),
  storageGb: z.number().int().min(1).max(16384).optional().describe('Size of the application\'s data volume in GiB on the cluster\'s default StorageClass; default: the catalogue\'s.'),
  database: ApplicationDatabase.optional().describe('Its CloudNativePG database (applications that use PostgreSQL only).'),
  rateLimit: z
    .union([ApplicationRateLimit, z.literal(false)])
    .optional()
    .describe('Rate limit of the application\'s route; false turns it off. Default: the catalogue\'s limit for the application.'),
  scaleToZero: ApplicationScaleToZero.optional().describe('Scale to zero when idle (Sablier, Envoy Gateway only; applications that must stay up refuse it). Default: always up.'),
  values: z.record(z.string(), z.unknown()).optional().describe('Helm values (chart applications) merged over the construct\'s.'),
};

const LiteLlmModel = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._:-]+$/, { message: 'must be a model name without spaces' }).describe('Model name clients ask for, e.g. gpt-4o-mini.'),
  model: z.string().regex(/^[a-z0-9_-]+\/\S+$/, { message: 'must be <provider>/<model>, e.g. openai/gpt-4o-mini' }).describe('LiteLLM model string <provider>/<model>.'),
  apiKey: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, { message: 'must be an environment variable name (upper case, digits, _)' })
    .describe('Key of Secret litellm-provider-keys holding the provider API key (SOPS), e.g. OPENAI_API_KEY.'),
});

const Applications = z.strictObject({
  mattermost: z.strictObject(ApplicationBase).optional().describe('Mattermost team edition (chat).'),
  nextcloud: z.strictObject(ApplicationBase).optional().describe('Nextcloud (files).'),
  forgejo: z.strictObject(ApplicationBase).optional().describe('Forgejo (git).'),
  homepage: z.strictObject(ApplicationBase).optional().describe('Homepage (the start page).'),
  litellm: z
    .strictObject({ ...ApplicationBase, models: z.array(LiteLlmModel).optional().describe('Models the gateway offers; default: none.') })
    .optional()
    .describe('LiteLLM (the AI gateway).'),
});


/** An OCI tag namespace or tag key: no spaces or periods (a dynamic-group rule spells the tag tag.<namespace>.<key>). */
const OCI_TAG_NAME = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { message: 'must be 1-100 letters, digits, "_" or "-" (no spaces or periods)' });

const Oci = z.strictObject({
  compartmentOcid: z.string().regex(/^ocid1\.(compartment|tenancy)\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]+$/, {
    message: 'must be a compartment or tenancy OCID',
  }),
  tenancyOcid: z.string().regex(/^ocid1\.tenancy\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]+$/, { message: 'must be a tenancy OCID' }),
  configProfile: z.string().min(1).describe('Profile in ~/.oci/config used by the provider.'),
  homeRegion: z
    .string()
    .regex(/^[a-z0-9-]+$/, { message: 'must be an OCI region name' })
    .optional()
    .describe('Tenancy home region, where IAM resources must be written. Default: the cluster region.'),
  publicEndpoint: z.boolean().describe('Give the Kubernetes API a public IP in the public subnet.'),
  cniType: z.enum(['FLANNEL_OVERLAY', 'OCI_VCN_IP_NATIVE']),
  allowTenancyCompartment: z
    .boolean()
    .optional()
    .describe(
      'Accept the tenancy OCID as compartmentOcid: the cluster, its nodes and their IAM policy then live in the root compartment, ' +
        'and the policy grants volumes, load balancers and networking across the whole tenancy. Default false (rule oci-compartment-tenancy refuses it).',
    ),
  kmsUnseal: z
    .strictObject({
      keyOcid: z.string().regex(/^ocid1\.key\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9.-]+$/, { message: 'must be a key OCID (ocid1.key...)' }),
      cryptoEndpoint: z.string().regex(/^https:\/\/[a-z0-9.-]+\.oraclecloud\.com\/?$/, { message: 'must be the vault\'s https://...-crypto.kms.<region>.oraclecloud.com endpoint' }),
      managementEndpoint: z
        .string()
        .regex(/^https:\/\/[a-z0-9.-]+\.oraclecloud\.com\/?$/, { message: 'must be the vault\'s https://...-management.kms.<region>.oraclecloud.com endpoint' }),
    })
    .optional()
    .describe(
      'Auto-unseal of the openbao or vault component through an OCI Vault (KMS) master key: the servers decrypt their root key with it at every start ' +
        '(seal "ocikms", instance principal; the iam stack lets the nodes\' dynamic group use that key). Default: none, the servers start sealed and are ' +
        'unsealed with the unseal keys (docs/operations.md).',
    ),
  nodeTag: z
    .strictObject({
      namespace: OCI_TAG_NAME.describe('Tag namespace; default: the project name (project.name in defaults.yaml).'),
      key: OCI_TAG_NAME.describe('Tag key in that namespace; default: cluster.'),
    })
    .partial()
    .optional()
    .describe(
      'The defined tag <namespace>.<key> = <cluster name> every node carries; the nodes\' dynamic group matches it. ' +
        'The namespace and key must exist in the tenancy before the cluster stack is deployed (docs/deploying.md). ' +
        'Default: <project name>.cluster.',
    ),
});

const Vps = z.strictObject({
  k3sVersion: z
    .string()
    .regex(/^v\d+\.\d+\.\d+\+k3s\d+$/, { message: 'must be an exact k3s release such as v1.36.4+k3s1' })
    .describe('Exact k3s release; its Kubernetes minor must be within upstream support (config/kubernetes-support.yaml).'),
  sshKeys: z
    .record(name(), z.string().regex(/^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) [A-Za-z0-9+/=]+( .*)?$/, { message: 'must be an OpenSSH public key' }))
    .describe('Public SSH keys installed on the servers, by name.'),
  project: name()
    .optional()
    .describe(
      'The provider project (Hetzner Cloud project, DigitalOcean team) whose API token deploys the cluster. Hetzner and DigitalOcean refuse a public key ' +
        'already stored in the project, so clusters of one project must not share an SSH key (rule ssh-key-project). Default: one project per provider.',
    ),
});

const Sops = z.strictObject({
  ageRecipients: z
    .array(z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/, { message: 'must be an age public key (age1...)' }))
    .min(1),
});

/** A cluster after all layers are merged and its size template expanded. */
export const ResolvedCluster = z.strictObject({
  provider: z.enum(PROVIDERS),
  region: z.string().regex(/^[a-z0-9-]+$/, { message: 'must be a provider region or location name' }),
  size: z.enum(SIZES).optional(),
  freeTier: z.boolean().describe('OCI: keep the cluster inside the Always Free allowance.'),
  kubernetesVersion: exactVersion.describe(
    'OKE Kubernetes version, one OKE offers (config/kubernetes-support.yaml; OKE lags upstream). k3s clusters use vps.k3sVersion.',
  ),
  network: Network,
  nodePools: z.record(name(30), NodePool),
  dns: Dns,
  gitops: GitOps,
  sops: Sops,
  components: Components,
  tenants: z.record(name(40), Tenant),
  tenantServices: TenantServices,
  apps: z.record(name(40), App),
  applications: Applications.optional().describe('Company applications (Mattermost, Nextcloud, Forgejo, Homepage, LiteLLM) of the cluster; docs/applications/.'),
  subdomains: z
    .strictObject(Object.fromEntries(SUBDOMAIN_SERVICES.map((s) => [s, name()])) as Record<(typeof SUBDOMAIN_SERVICES)[number], ReturnType<typeof name>>)
    .describe('Host label of each platform service under the cluster domain (grafana -> grafana.<domain>).'),
  backups: Backups.optional().describe('S3-compatible object storage for Velero and CloudNativePG backups.'),
  identity: Identity.optional().describe('Policy mode, identity-provider clients and who may sign in to the platform UIs.'),
  alerting: z
    .strictObject({
      receivers: z.record(name(40), AlertReceiver).describe('Where alerts go, by name; credentials in the SOPS Secret alertmanager-receivers (monitoring), listed in the cluster\'s SECRETS.md.'),
    })
    .optional()
    .describe('Alertmanager receivers (needs kube-prometheus-stack): platform alerts and Flux failures reach them by severity. Default: none, alerts stay in Alertmanager.'),
  certificates: z
    .strictObject({
      acme: z
        .enum(ACME_DIRECTORIES)
        .optional()
        .describe(
          'Let\'s Encrypt directory the cluster\'s public certificates come from: staging (untrusted certificates, generous rate limits) or production. ' +
            'Default: production in an environment with production: true, staging elsewhere.',
        ),
    })
    .optional()
    .describe('Public TLS certificates (cert-manager ClusterIssuer and the certificates that name it).'),
  oci: Oci.optional(),
  vps: Vps.optional(),
  catalogue: z
    .strictObject({
      allowUnlisted: z
        .array(z.string().min(1).max(100))
        .min(1)
        .describe(
          'Regions and machine types to accept although the provider catalogue (config/catalogues/) does not list them, e.g. a region opened after ' +
            'the catalogue was written; each one used draws the warning catalogue-unlisted. A Hetzner location cannot be added this way (its network zone comes from the catalogue).',
        ),
    })
    .optional()
    .describe('Exceptions to the provider catalogues (config/catalogues/*.yaml). Default: none, every region and machine type must be listed.'),
});

type Shape = z.core.$ZodShape;

/**
 * Every field optional, recursively, keeping strictness (unknown keys stay errors). Files give
 * only what they change; the layers are validated as a whole once merged.
 */
function deepOptional<T extends z.ZodType>(schema: T): z.ZodType {
  if (schema instanceof z.ZodOptional) return deepOptional(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, value] of Object.entries(schema.shape as Shape)) {
      shape[key] = deepOptional(value as z.ZodType).optional();
    }
    const result = z.strictObject(shape);
    return schema.description ? result.describe(schema.description) : result;
  }
  if (schema instanceof z.ZodRecord) {
    return z.record(schema.keyType as z.ZodString, deepOptional(schema.valueType as z.ZodType));
  }
  return schema;
}

/** A cluster as written in a file: any subset of the resolved fields. */
export const ClusterLayer = deepOptional(ResolvedCluster) as z.ZodType<DeepPartial<ResolvedCluster>>;

const SizeTemplates = z
  .strictObject(
    Object.fromEntries(PROVIDERS.map((p) => [p, z.strictObject(Object.fromEntries(SIZES.map((s) => [s, z.record(name(30), NodePool)])))])),
  )
  .describe('Node pools each size expands into, per provider.');

export const DefaultsFile = z.strictObject({
  $schema: z.string().optional(),
  project: z.strictObject({
    name: name(24).describe('Short project name, used in resource names.'),
  }),
  state: z.strictObject({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a valid S3 bucket name' })
      .describe('S3 bucket that holds every stack\'s Terraform state.'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'must be an AWS region such as eu-central-1' }),
    noncurrentVersionDays: z.number().int().min(1).max(3650).describe('Days to keep old state versions.'),
    migrated: z
      .boolean()
      .describe('false while bootstrapping (the state stack keeps local state); true once its state is migrated into the bucket.'),
  }),
  sizes: SizeTemplates,
  cluster: ClusterLayer.describe('Defaults for every cluster of every environment.'),
});

export const EnvironmentFile = z.strictObject({
  $schema: z.string().optional(),
  name: name(20).describe('Environment name; must match the file name.'),
  description: z.string().optional(),
  production: z
    .boolean()
    .optional()
    .describe(
      'A production environment: its clusters issue certificates from Let\'s Encrypt production (certificates.acme) and enforce the Kyverno ' +
        'Pod Security policies (identity.policyMode) unless a cluster says otherwise. Default false: Let\'s Encrypt staging and audit.',
    ),
  promotesFrom: name(20)
    .optional()
    .describe(
      'The environment whose versions this one takes on (dev -> staging -> prod): npm run promote -- <that> <this> copies its pins here, and ' +
        'rule promotion-ahead refuses a chart, application, k3s or Kubernetes version here that it does not run (older ones it has moved on from are accepted). Default: none (the first environment).',
    ),
  promotionCheck: z
    .boolean()
    .optional()
    .describe('Apply rule promotion-ahead to this environment. Default true when promotesFrom is set; false runs any version here (e.g. a hotfix), and says so in review.'),
  clusterDefaults: ClusterLayer.optional().describe('Defaults for every cluster of this environment.'),
  clusters: z.record(name(40), ClusterLayer).describe('Clusters by name; names are unique across all environments.'),
});

export type ResolvedCluster = z.infer<typeof ResolvedCluster>;
export type NodePool = z.infer<typeof NodePool>;
export type ComponentSettings = z.infer<typeof Component>;
export type ComponentName = (typeof COMPONENTS)[number];
export type Provider = (typeof PROVIDERS)[number];
export type DefaultsFile = z.infer<typeof DefaultsFile>;
export type EnvironmentFile = z.infer<typeof EnvironmentFile>;
export type TenantSettings = z.infer<typeof Tenant>;
export type TenantIdentitySettings = z.infer<typeof TenantIdentity>;
export type TenantMailSettings = z.infer<typeof TenantMail>;
export type TenantServiceImages = z.infer<typeof TenantServices>;
export type AppSettings = z.infer<typeof App>;
export type ApplicationName = (typeof APPLICATIONS)[number];
export type ApplicationsSettings = z.infer<typeof Applications>;
export type ApplicationSettings = NonNullable<ApplicationsSettings[ApplicationName]>;
export type LiteLlmModelSettings = z.infer<typeof LiteLlmModel>;
export type BackupSettings = z.infer<typeof Backups>;
export type DexConnectorSettings = z.infer<typeof DexConnector>;
export type SubdomainService = (typeof SUBDOMAIN_SERVICES)[number];
export type AcmeDirectory = (typeof ACME_DIRECTORIES)[number];

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
