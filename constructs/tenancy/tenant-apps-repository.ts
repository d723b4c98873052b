import { Construct } from 'constructs';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/flux-kustomize-kustomize.toolkit.fluxcd.io';
import { GitRepository } from '../../imports/flux-source-source.toolkit.fluxcd.io';
import { Tenant } from './tenant';
import { checkDnsLabel, fail } from './validate';

export interface TenantAppsRepositoryProps {
  /** The tenant (and namespace) the repository deploys into; its Tenant must exist. */
  readonly tenant: string;
  /** Repository URL (https:// or ssh://). */
  readonly url: string;
  /** Branch Flux follows. */
  readonly branch: string;
  /** Folder Flux applies, starting with `./`. */
  readonly path: string;
  /**
   * Secret (in the tenant namespace) with git credentials.
   * @default - none (public repository)
   */
  readonly secretName?: string;
  /**
   * Platform Kustomizations (in flux-system) that must be ready first. Not `apps`: it applies this
   * object and waits for it, so depending on it would deadlock.
   * @default [{ name: 'infra-services', namespace: 'flux-system' }] (the last infrastructure layer)
   */
  readonly dependsOn?: readonly { readonly name: string; readonly namespace: string }[];
  /**
   * Reconcile interval.
   * @default '10m'
   */
  readonly interval?: string;
}

/**
 * Hands a tenant's applications to a repository of its own: a GitRepository and a Flux
 * Kustomization in the tenant namespace. The Kustomization impersonates the tenant's reconciler
 * ServiceAccount (bound to `admin` in that namespace only) and sets `targetNamespace`, so whatever
 * the repository contains is applied into the tenant namespace with the tenant's rights and
 * cannot create cluster-scoped objects or touch other namespaces.
 */
export class TenantAppsRepository extends Construct {
  /** Name of the GitRepository and the Kustomization. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: TenantAppsRepositoryProps) {
    super(scope, id);
    const owner = `TenantAppsRepository ${id}`;
    const tenant = checkDnsLabel(owner, 'tenant', props.tenant, 52);
    if (!/^(https:\/\/|ssh:\/\/)\S+$/.test(props.url)) fail(owner, 'url', props.url, 'must be an https:// or ssh:// repository URL');
    if (!/^[A-Za-z0-9._/-]+$/.test(props.branch)) fail(owner, 'branch', props.branch, 'must be a git branch name');
    if (!/^\.\/[A-Za-z0-9._/-]*$/.test(props.path) || props.path.includes('..')) fail(owner, 'path', props.path, 'must be a repository path starting with ./ without ..');
    const interval = props.interval ?? '10m';
    if (!/^\d+[smh]$/.test(interval)) fail(owner, 'interval', interval, 'must be a duration like 10m');
    this.name = `${tenant}-apps`;

    new GitRepository(this, 'source', {
      metadata: { name: this.name, namespace: tenant },
      spec: {
        url: props.url,
        ref: { branch: props.branch },
        interval,
        ...(props.secretName ? { secretRef: { name: props.secretName } } : {}),
      },
    });
    new Kustomization(this, 'kustomization', {
      metadata: { name: this.name, namespace: tenant },
      spec: {
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: this.name },
        path: props.path,
        interval,
        timeout: '5m',
        prune: true,
        wait: true,
        serviceAccountName: Tenant.reconcilerName(tenant),
        targetNamespace: tenant,
        dependsOn: (props.dependsOn ?? [{ name: 'infra-services', namespace: 'flux-system' }]).map((d) => ({ name: d.name, namespace: d.namespace })),
      },
    });
  }
}
