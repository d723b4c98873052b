import { k8s } from 'cdk8s-plus-30';
import { checkPinnedImage } from '../apps/image';
import { checkDnsLabel, checkDnsName, checkInt, fail } from './validate';

/**
 * Pieces shared by the tenant's own services (`TenantIdentity`, `TenantMail`): their host names,
 * input checks and the security contexts that pass Pod Security `restricted`. Not a construct.
 */

/** Longest tenant name the services accept (the Tenant's own limit: its reconciler name must fit). */
export const TENANT_NAME_MAX = 52;

/**
 * Public host name of a tenant service: `<label>.<tenant>.<domain>`, e.g. idm.team-a.example.com,
 * under the tenant's domain like its apps, served by the tenant's own Gateway listener and its
 * `*.<tenant>.<domain>` certificate (PlatformGateway). external-dns publishes the name from the route.
 */
export function tenantServiceHost(label: string, tenant: string, domain: string): string {
  return `${label}.${tenant}.${domain}`;
}

/** Inputs every tenant service takes, checked once. */
export interface ResolvedTenantService {
  readonly namespace: string;
  readonly hostname: string;
  readonly image: string;
  readonly storageGb: number;
  readonly ingressNamespace: string;
}

/** Checks tenant, domain, image, storage and ingress namespace; returns them with the host name. */
export function resolveTenantService(
  owner: string,
  label: string,
  props: {
    readonly tenant: string;
    readonly domain: string;
    readonly image: string;
    readonly storageGb?: number;
    readonly storageClassName?: string;
    readonly ingressNamespace?: string;
  },
  defaultStorageGb: number,
): ResolvedTenantService {
  const namespace = checkDnsLabel(owner, 'tenant', props.tenant, TENANT_NAME_MAX);
  const domain = checkDnsName(owner, 'domain', props.domain);
  const hostname = tenantServiceHost(label, namespace, domain);
  if (hostname.length > 253) fail(owner, 'domain', domain, `with ${label}.${namespace}. in front must be at most 253 characters`);
  const image = checkPinnedImage(owner, 'image', props.image);
  const storageGb = checkInt(owner, 'storageGb', props.storageGb ?? defaultStorageGb, 1, 16384);
  if (props.storageClassName !== undefined) checkDnsLabel(owner, 'storageClassName', props.storageClassName);
  const ingressNamespace = checkDnsLabel(owner, 'ingressNamespace', props.ingressNamespace ?? 'envoy-gateway-system');
  return { namespace, hostname, image, storageGb, ingressNamespace };
}

/**
 * Pod-level security context meeting Pod Security `restricted`: non-root with an explicit uid and
 * gid, volumes group-owned by `uid`'s group (changed only on mismatch), RuntimeDefault seccomp.
 */
export function restrictedPodSecurityContext(uid: number, sysctls?: readonly k8s.Sysctl[]): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
    sysctls: sysctls && sysctls.length > 0 ? [...sysctls] : undefined,
  };
}

/**
 * Container-level security context meeting Pod Security `restricted`: no privilege escalation, not
 * privileged, every capability dropped (restricted allows adding back only NET_BIND_SERVICE),
 * RuntimeDefault seccomp, read-only root filesystem.
 */
export function restrictedContainerSecurityContext(uid: number, addNetBindService = false): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'], add: addNetBindService ? ['NET_BIND_SERVICE'] : undefined },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A ReadWriteOnce volumeClaimTemplate that survives the StatefulSet and Flux pruning. */
export function retainedVolumeClaim(
  name: string,
  labels: Record<string, string>,
  storageGb: number,
  storageClassName: string | undefined,
): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name, labels: { ...labels }, annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName,
      resources: { requests: { storage: k8s.Quantity.fromString(`${storageGb}Gi`) } },
    },
  };
}

/** CPU and memory requests and limits as Kubernetes quantities. */
export function containerResources(requests: { cpu: string; memory: string }, limits: { cpu: string; memory: string }): k8s.ResourceRequirements {
  const q = (value: string) => k8s.Quantity.fromString(value);
  return {
    requests: { cpu: q(requests.cpu), memory: q(requests.memory) },
    limits: { cpu: q(limits.cpu), memory: q(limits.memory) },
  };
}
