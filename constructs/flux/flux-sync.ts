import { Construct } from 'constructs';
import { GitRepository } from '../../imports/flux-source-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/flux-kustomize-kustomize.toolkit.fluxcd.io';
import { FLUX_DEFAULTS, type FluxDefaults } from './defaults';
import { assertDuration } from './names';

export interface FluxSyncProps {
  /** Repository URL (https:// or ssh://) Flux clones. */
  readonly url: string;
  /** Branch Flux follows. */
  readonly branch: string;
  /** Repository path of this cluster's entry folder, e.g. ./gitops/clusters/oke-dev. */
  readonly path: string;
  /** How often the repository is fetched. */
  readonly interval: string;
  /**
   * Name of a Secret in flux-system with Git credentials, for private repositories.
   * @default - none: the repository is read anonymously
   */
  readonly secretName?: string;
  /**
   * Fleet-wide Flux settings.
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/**
 * The sync half of a Flux installation, the same objects `flux bootstrap` writes to gotk-sync.yaml:
 * the `flux-system` GitRepository and the root Kustomization that applies the cluster's entry
 * folder. The controllers themselves are installed by `flux install` (not kept in this tree), so the
 * root Kustomization never prunes Flux.
 */
export class FluxSync extends Construct {
  constructor(scope: Construct, id: string, props: FluxSyncProps) {
    super(scope, id);
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    assertDuration('gitops interval', props.interval);
    if (!/^(https|ssh):\/\/\S+$/.test(props.url)) throw new Error(`gitops url must be https:// or ssh://, got ${JSON.stringify(props.url)}`);
    if (!/^\.\/[A-Za-z0-9._/-]*$/.test(props.path)) throw new Error(`gitops path must start with ./, got ${JSON.stringify(props.path)}`);
    const metadata = { name: defaults.gitRepositoryName, namespace: defaults.fluxNamespace };
    new GitRepository(this, 'Source', {
      metadata,
      spec: {
        interval: props.interval,
        url: props.url,
        ref: { branch: props.branch },
        secretRef: props.secretName ? { name: props.secretName } : undefined,
      },
    });
    new Kustomization(this, 'Root', {
      metadata,
      spec: {
        interval: '10m',
        retryInterval: defaults.retryInterval,
        timeout: defaults.kustomizationTimeout,
        path: props.path,
        prune: true,
        // Ready once the source is; each child Kustomization reports its own health.
        healthChecks: [{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name: defaults.gitRepositoryName, namespace: defaults.fluxNamespace }],
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: defaults.gitRepositoryName },
        // kustomize-controller's own account (cluster-admin): the lockdown's default account has no rights.
        serviceAccountName: defaults.kustomizeServiceAccount,
      },
    });
  }
}
