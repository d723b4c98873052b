import { Construct } from 'constructs';
import {
  Kustomization,
  KustomizationSpecDecryptionProvider,
  KustomizationSpecPostBuildSubstituteFromKind,
  KustomizationSpecSourceRefKind,
} from '../../imports/flux-kustomize-kustomize.toolkit.fluxcd.io';
import { FLUX_DEFAULTS, type FluxDefaults } from './defaults';
import { assertDnsLabel, assertDuration } from './names';

export interface FluxKustomizationProps {
  /** metadata.name, e.g. infra-controllers. */
  readonly name: string;
  /** Repository path Flux builds, relative to the repository root (starts with `./`). */
  readonly path: string;
  /**
   * Names of Kustomizations (in the same namespace) that must be ready first.
   * @default []
   */
  readonly dependsOn?: readonly string[];
  /**
   * Reconcile interval.
   * @default FLUX_DEFAULTS.infrastructureInterval
   */
  readonly interval?: string;
  /**
   * How long to wait for the applied objects to become ready.
   * @default FLUX_DEFAULTS.kustomizationTimeout
   */
  readonly timeout?: string;
  /**
   * Wait for every applied object to become ready (kstatus) before reporting ready. When false,
   * `healthChecks` must name what to wait for.
   * @default true
   */
  readonly wait?: boolean;
  /**
   * Objects to health-check when `wait` is false.
   * @default []
   */
  readonly healthChecks?: readonly { readonly apiVersion: string; readonly kind: string; readonly name: string; readonly namespace?: string }[];
  /**
   * Decrypt SOPS-encrypted files with the age key in the `sops-age` Secret.
   * @default true
   */
  readonly decrypt?: boolean;
  /**
   * Substitute `${var}` from the `cluster-settings` ConfigMap after the build. The ConfigMap is
   * required (not optional): a missing value must fail the reconcile, not render as an empty string.
   * @default true
   */
  readonly substituteClusterSettings?: boolean;
  /**
   * Fleet-wide Flux settings.
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/**
 * A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) in flux-system that applies one folder of
 * the repository from the `flux-system` GitRepository as `kustomize-controller` (named explicitly:
 * the multi-tenancy lockdown runs unnamed objects as `default`), with prune, health checks, timeout, retry
 * interval, SOPS decryption and `cluster-settings` substitution on by default.
 */
export class FluxKustomization extends Construct {
  /** metadata.name, for other Kustomizations' `dependsOn`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    assertDnsLabel('Kustomization name', props.name);
    if (!/^\.\/[A-Za-z0-9._/-]*$/.test(props.path) || props.path.includes('..')) {
      throw new Error(`Kustomization ${props.name}: path must be a repository path starting with ./ (no ..), got ${JSON.stringify(props.path)}`);
    }
    const interval = props.interval ?? defaults.infrastructureInterval;
    const timeout = props.timeout ?? defaults.kustomizationTimeout;
    assertDuration(`Kustomization ${props.name} interval`, interval);
    assertDuration(`Kustomization ${props.name} timeout`, timeout);
    const wait = props.wait ?? true;
    if (!wait && (props.healthChecks ?? []).length === 0) {
      throw new Error(`Kustomization ${props.name}: with wait: false, list healthChecks so readiness means something`);
    }
    if ((props.dependsOn ?? []).includes(props.name)) throw new Error(`Kustomization ${props.name} cannot depend on itself`);
    this.name = props.name;

    new Kustomization(this, 'Resource', {
      metadata: { name: props.name, namespace: defaults.fluxNamespace },
      spec: {
        interval,
        retryInterval: defaults.retryInterval,
        timeout,
        path: props.path,
        prune: true,
        wait: wait ? true : undefined,
        healthChecks: wait ? undefined : props.healthChecks?.map((h) => ({ ...h })),
        dependsOn: props.dependsOn?.length ? props.dependsOn.map((name) => ({ name })) : undefined,
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: defaults.gitRepositoryName },
        // Platform layers run as kustomize-controller's own account (cluster-admin); under the
        // multi-tenancy lockdown an object without serviceAccountName runs as `default` (no rights).
        serviceAccountName: defaults.kustomizeServiceAccount,
        decryption:
          props.decrypt ?? true
            ? { provider: KustomizationSpecDecryptionProvider.SOPS, secretRef: { name: defaults.sopsSecretName } }
            : undefined,
        postBuild:
          props.substituteClusterSettings ?? true
            ? {
                substituteFrom: [
                  { kind: KustomizationSpecPostBuildSubstituteFromKind.CONFIG_MAP, name: defaults.clusterSettingsName, optional: false },
                ],
              }
            : undefined,
      },
    });
  }
}
