import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { PRIVATE_RANGES } from '../components/context';
import { NamespaceNetworkPolicies } from './namespace-network-policies';
import { PlatformNamespace } from './platform-namespace';
import { SYSTEM_UPGRADE_CONTROLLER_CRD_YAML, SYSTEM_UPGRADE_CONTROLLER_YAML } from './upstream/system-upgrade-controller-v0.20.1';

/**
 * The rancher/system-upgrade-controller release the manifests are vendored from
 * (constructs/platform/upstream/system-upgrade-controller-<version>.ts; Renovate moves this pin,
 * and a test fails until that file is rebuilt from the new release's assets).
 */
export const SYSTEM_UPGRADE_CONTROLLER_VERSION = 'v0.20.1';

/** A Kubernetes object as plain data. */
type PlainObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** The vendored texts parsed, once per process (every k3s cluster asks). */
const parsed = new Map<string, PlainObject[]>();

function documents(yaml: string): PlainObject[] {
  let objects = parsed.get(yaml);
  if (!objects) {
    objects = parseAllDocuments(yaml)
      .map((d) => d.toJSON() as PlainObject | null)
      .filter((o): o is PlainObject => o !== null);
    parsed.set(yaml, objects);
  }
  // Each caller gets its own copy to change.
  return structuredClone(objects);
}

export interface SystemUpgradeControllerProps {
  /**
   * Write the Plan CustomResourceDefinition (plans.upgrade.cattle.io) with the controller. The
   * controller can register it itself, but then Flux would apply Plans before the CRD exists on a
   * first reconcile; shipping it lets the configs layer wait for it. Off when the caller writes
   * `SystemUpgradeController.crdYaml` as it is (synth does: parsing and re-serialising 70 kB of
   * YAML on every run costs more than the rest of the component).
   * @default true
   */
  readonly crd?: boolean;
}

/**
 * rancher/system-upgrade-controller, the controller k3s documents for automated upgrades
 * (docs.k3s.io "Automated Upgrades"): it watches `Plan` objects and runs, per selected node, a Job
 * that replaces the k3s binary and restarts the service (K3sUpgradePlans writes the Plans).
 *
 * The objects are the release's own manifests (vendored, unchanged: the ServiceAccount, RBAC, the
 * controller's ConfigMap and Deployment, the Plan CRD), except the Namespace, which is a
 * PlatformNamespace: `privileged`, because the upgrade Jobs the controller creates in it are
 * privileged pods with hostPID, hostIPC and hostNetwork that mount the node's root filesystem at
 * /host (they must, to swap the k3s binary and restart k3s; the release sets
 * SYSTEM_UPGRADE_JOB_PRIVILEGED=true), none of which baseline allows; the controller itself mounts
 * the host's CA folders (hostPath). Egress is denied except to the API server (the Jobs run on the
 * host network, outside NetworkPolicies).
 */
export class SystemUpgradeController extends Construct {
  /** The namespace of the controller, its Plans and their Jobs. */
  static readonly namespace = 'system-upgrade';
  /** The ServiceAccount Plans run their Jobs as (the release binds the drain rights to it). */
  static readonly serviceAccountName = 'system-upgrade';
  /** The release's crd.yaml, unchanged (the Plan CRD). */
  static readonly crdYaml = SYSTEM_UPGRADE_CONTROLLER_CRD_YAML;
  /** The release's image. */
  static readonly image = `rancher/system-upgrade-controller:${SYSTEM_UPGRADE_CONTROLLER_VERSION}`;

  constructor(scope: Construct, id: string, props: SystemUpgradeControllerProps = {}) {
    super(scope, id);
    const objects = documents(SYSTEM_UPGRADE_CONTROLLER_YAML);
    const image = JSON.stringify(objects).match(/rancher\/system-upgrade-controller:[^"]+/)?.[0];
    if (image !== SystemUpgradeController.image) {
      throw new Error(`the vendored system-upgrade-controller manifests run ${image ?? 'no image'}, not ${SystemUpgradeController.image}: rebuild constructs/platform/upstream/`);
    }
    for (const object of objects) {
      if (object.kind === 'Namespace') {
        if (object.metadata.name !== SystemUpgradeController.namespace) throw new Error(`unexpected namespace ${object.metadata.name} in the vendored manifests`);
        new PlatformNamespace(this, 'Namespace', {
          name: SystemUpgradeController.namespace,
          podSecurity: 'privileged',
          podSecurityReason:
            'the k3s upgrade Jobs the controller runs here are privileged pods with hostPID, hostIPC and hostNetwork that mount the node root filesystem to replace the k3s binary and restart it; the controller mounts the host CA folders (hostPath)',
        });
        continue;
      }
      new ApiObject(this, `${object.kind}-${object.metadata.name}`, object);
    }
    new NamespaceNetworkPolicies(this, 'NetworkPolicies', {
      namespace: SystemUpgradeController.namespace,
      egress: [{ name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] }],
    });
    if (props.crd ?? true) {
      for (const crd of documents(SYSTEM_UPGRADE_CONTROLLER_CRD_YAML)) new ApiObject(this, `${crd.kind}-${crd.metadata.name}`, crd);
    }
  }
}
