import type { PinnedImageOptions } from './pinned-image';
import type { PodSecurityLevel } from './pod-security-level';
import type { ApplicationName, ComponentName } from './schema';

/** A Secret an application reads in its own namespace, kept in git SOPS-encrypted (SECRETS.md). */
export interface ApplicationSecret {
  /** Secret name. */
  readonly name: string;
  /** Keys it must hold. */
  readonly keys: readonly string[];
  /** What it is for. */
  readonly usedBy: string;
}

/** How users sign in to an application. */
export type ApplicationSignIn =
  /** The application speaks OpenID Connect itself: a static client of its own at Dex (or Keycloak). */
  | 'oidc'
  /** The route sits behind OAuth2-Proxy (external auth at the gateway); the proxy's client gets the host's callback. */
  | 'oauth2-proxy';

/** What the catalogue knows about one company application. */
export interface ApplicationInfo {
  /** Display name. */
  readonly title: string;
  /** One line on what it is. */
  readonly description: string;
  /** Namespace it runs in (its own). */
  readonly namespace: string;
  /** Host label under the cluster domain unless config sets `subdomain`. */
  readonly subdomain: string;
  /**
   * A pinned chart from its repository, or a workload built here (cdk8s-plus-30) from an image whose
   * tag (`applications.<name>.version`) takes the form `pin` says (checkPinnedImage; config rule image-pinned).
   */
  readonly source:
    | { readonly kind: 'chart'; readonly repository: string; readonly chart: string }
    | { readonly kind: 'workload'; readonly image: string; readonly tagUrl: string; readonly pin: PinnedImageOptions };
  /** Service and port the route points at. */
  readonly service: { readonly name: string; readonly port: number; readonly targetPort: number };
  /** Its PostgreSQL database (a CloudNativePG Cluster in its namespace), when it uses one. */
  readonly database?: { readonly name: string; readonly owner: string };
  /** It uses Redis (a Cache in its namespace, run by the Redis operator). */
  readonly cache: boolean;
  /** How users sign in. */
  readonly signIn: ApplicationSignIn;
  /** Why sign-in is done this way (docs). */
  readonly signInNote: string;
  /** Path of the OIDC redirect URI on its host (`oidc` only). */
  readonly callbackPath?: string;
  /** Data volume in GiB unless config sets `storageGb`; 0: no volume. */
  readonly storageGb: number;
  /** Requests per minute per client address on its route unless config sets `rateLimit`. */
  readonly rateLimitPerMinute: number;
  /** Pod Security level of its namespace, with the reason when it is not restricted. */
  readonly podSecurity: { readonly level: PodSecurityLevel; readonly reason?: string };
  /**
   * Whether `scaleToZero` may put it to sleep (Sablier through the gateway): what to know when it does,
   * or why it refuses (config rule application-scale-to-zero).
   */
  readonly scaleToZero: { readonly supported: true; readonly note: string } | { readonly supported: false; readonly reason: string };
  /** Components it needs enabled (config rule application-requires). */
  readonly requires: readonly ComponentName[];
  /** Secrets it reads besides the generated database login (SOPS, listed in SECRETS.md). */
  readonly secrets: readonly ApplicationSecret[];
  /** Memory the application's own pods request and are limited to (docs: what a cluster needs). */
  readonly memory: { readonly request: string; readonly limit: string };
}

/**
 * How the workloads' image tags are pinned (their constructs check it with checkPinnedImage, config
 * rule image-pinned before them): a full major.minor.patch version, since a shorter tag may move with
 * each patch release, and for Forgejo the rootless variant its restricted pod needs (uid 1000).
 */
export const WORKLOAD_IMAGE_PINS = Object.freeze({
  forgejo: { exactVersion: true, tagSuffix: '-rootless' },
  litellm: { exactVersion: true },
} satisfies Record<string, PinnedImageOptions>);

/**
 * The company applications: Mattermost (chat), Nextcloud (files), Forgejo (git), Homepage (start page)
 * and LiteLLM (AI gateway), each in its own namespace at `<subdomain>.<domain>` (seed 001's table).
 * Charts are pinned by `applications.<name>.version` in config; workloads by image tag.
 */
export const APPLICATION_CATALOGUE: Readonly<Record<ApplicationName, ApplicationInfo>> = Object.freeze({
  mattermost: {
    title: 'Mattermost',
    description: 'Team chat (Mattermost team edition).',
    namespace: 'mattermost',
    subdomain: 'chat',
    source: { kind: 'chart', repository: 'https://helm.mattermost.com', chart: 'mattermost-team-edition' },
    service: { name: 'mattermost-mattermost-team-edition', port: 8065, targetPort: 8065 },
    database: { name: 'mattermost-db', owner: 'mattermost' },
    cache: false,
    signIn: 'oauth2-proxy',
    signInNote:
      'The team edition offers GitLab as its only single sign-on, and Mattermost reads a GitLab user (a numeric id and a username) from the ' +
      'userinfo endpoint, which Dex and Keycloak do not serve. The route therefore sits behind OAuth2-Proxy: nobody reaches Mattermost ' +
      'without signing in at the identity provider, and Mattermost keeps its own accounts (email login) behind that gate. Mobile and ' +
      'desktop apps cannot pass the browser sign-in; use the web app, or upgrade to an edition with OpenID Connect.',
    storageGb: 10,
    rateLimitPerMinute: 600,
    podSecurity: { level: 'restricted' },
    scaleToZero: { supported: false, reason: 'chat clients keep a WebSocket open and webhooks and push notifications must reach the server at any time: it would never idle, and asleep it drops them' },
    requires: ['cloudnative-pg', 'oauth2-proxy'],
    secrets: [],
    memory: { request: '256Mi', limit: '1Gi' },
  },
  nextcloud: {
    title: 'Nextcloud',
    description: 'Files, calendars and contacts (Nextcloud).',
    namespace: 'nextcloud',
    subdomain: 'cloud',
    source: { kind: 'chart', repository: 'https://nextcloud.github.io/helm/', chart: 'nextcloud' },
    service: { name: 'nextcloud', port: 8080, targetPort: 80 },
    database: { name: 'nextcloud-db', owner: 'nextcloud' },
    cache: true,
    signIn: 'oidc',
    signInNote:
      'Nextcloud signs users in with its user_oidc app: a post-installation hook installs the app and registers the identity provider ' +
      '(occ user_oidc:provider) with the client id nextcloud and the secret from Secret nextcloud-oidc; the login page offers it.',
    callbackPath: '/apps/user_oidc/code',
    storageGb: 20,
    rateLimitPerMinute: 1200,
    podSecurity: {
      level: 'baseline',
      reason: 'the nextcloud image runs Apache as root and drops to www-data itself (the chart has no rootless variant)',
    },
    scaleToZero: { supported: false, reason: 'its background jobs must run and desktop and WebDAV sync clients poll it all day (they cannot show a waiting page): it would never idle' },
    requires: ['cloudnative-pg', 'redis-operator'],
    secrets: [
      { name: 'nextcloud-admin', keys: ['nextcloud-username', 'nextcloud-password'], usedBy: 'Nextcloud\'s first administrator (break-glass: sign-in is single sign-on)' },
    ],
    memory: { request: '256Mi', limit: '1Gi' },
  },
  forgejo: {
    title: 'Forgejo',
    description: 'Git hosting, issues and pull requests (Forgejo).',
    namespace: 'forgejo',
    subdomain: 'git',
    source: { kind: 'workload', image: 'codeberg.org/forgejo/forgejo', tagUrl: 'https://codeberg.org/forgejo/-/packages/container/forgejo/versions', pin: WORKLOAD_IMAGE_PINS.forgejo },
    service: { name: 'forgejo', port: 3000, targetPort: 3000 },
    database: { name: 'forgejo-db', owner: 'forgejo' },
    cache: false,
    signIn: 'oidc',
    signInNote:
      'Forgejo signs users in through an OAuth2 authentication source (OpenID Connect, auto-discovery) named sso, ' +
      'created or updated by an init container (`forgejo admin auth add-oauth` / `update-oauth`) with the client id forgejo and the secret ' +
      'from Secret forgejo-oidc. SSH (port 22) is off: clone and push over HTTPS with a token.',
    callbackPath: '/user/oauth2/sso/callback',
    storageGb: 10,
    rateLimitPerMinute: 1200,
    podSecurity: { level: 'restricted' },
    scaleToZero: { supported: true, note: "Git over SSH does not pass the gateway's HTTP filter and does not wake it; mirrors and scheduled jobs run only while it is up." },
    requires: ['cloudnative-pg'],
    secrets: [{ name: 'forgejo-secrets', keys: ['SECRET_KEY', 'INTERNAL_TOKEN'], usedBy: 'Forgejo\'s [security] keys (sessions, tokens)' }],
    memory: { request: '128Mi', limit: '512Mi' },
  },
  homepage: {
    title: 'Homepage',
    description: 'The start page: the platform\'s services and the cluster\'s applications (Homepage).',
    namespace: 'homepage',
    subdomain: 'home',
    source: { kind: 'chart', repository: 'https://jameswynn.github.io/helm-charts', chart: 'homepage' },
    service: { name: 'homepage', port: 3000, targetPort: 3000 },
    cache: false,
    signIn: 'oauth2-proxy',
    signInNote: 'Homepage has no login of its own: its route sits behind OAuth2-Proxy (external auth at the gateway).',
    storageGb: 0,
    rateLimitPerMinute: 600,
    podSecurity: { level: 'restricted' },
    scaleToZero: { supported: false, reason: 'the start page is a few MiB and every visit would start it; its chart Deployment also cannot carry the Sablier labels without a post-renderer' },
    requires: ['oauth2-proxy'],
    secrets: [],
    memory: { request: '64Mi', limit: '256Mi' },
  },
  litellm: {
    title: 'LiteLLM',
    description: 'The AI gateway: one OpenAI-compatible API in front of the model providers (LiteLLM proxy).',
    namespace: 'litellm',
    subdomain: 'ai',
    source: { kind: 'workload', image: 'ghcr.io/berriai/litellm', tagUrl: 'https://github.com/BerriAI/litellm/pkgs/container/litellm', pin: WORKLOAD_IMAGE_PINS.litellm },
    service: { name: 'litellm', port: 4000, targetPort: 4000 },
    database: { name: 'litellm-db', owner: 'litellm' },
    cache: false,
    signIn: 'oauth2-proxy',
    signInNote:
      'LiteLLM\'s own single sign-on is an enterprise feature beyond a few users: its route sits behind OAuth2-Proxy. API clients use ' +
      'virtual keys made with the master key (Secret litellm-master-key) through the admin UI.',
    storageGb: 0,
    rateLimitPerMinute: 300,
    podSecurity: { level: 'restricted' },
    scaleToZero: { supported: true, note: 'API clients cannot read a waiting page: use strategy blocking (the request waits up to 60s while LiteLLM starts).' },
    requires: ['cloudnative-pg', 'oauth2-proxy'],
    secrets: [
      { name: 'litellm-master-key', keys: ['LITELLM_MASTER_KEY'], usedBy: 'LiteLLM\'s admin key (sk-...), which makes the virtual keys' },
      { name: 'litellm-provider-keys', keys: ['<apiKey of each model>'], usedBy: 'the model providers\' API keys (applications.litellm.models[].apiKey)' },
    ],
    memory: { request: '256Mi', limit: '1Gi' },
  },
});

/** The public host name of an application: `<subdomain>.<domain>`, the subdomain from config or the catalogue. */
export function applicationHostname(app: ApplicationName, domain: string, subdomain?: string): string {
  return `${subdomain ?? APPLICATION_CATALOGUE[app].subdomain}.${domain}`;
}
