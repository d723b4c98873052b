import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SystemUpgradeController } from './system-upgrade-controller';

/** SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS of the vendored controller's ConfigMap. */
const JOB_ACTIVE_DEADLINE_SECONDS = 900;

const K3S_VERSION = /^v\d+\.\d+\.\d+\+k3s\d+$/;

/** The node label k3s puts on its servers (control-plane nodes). */
const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** How the agent Plan drains a node before its upgrade (system-upgrade-controller's DrainSpec). */
export interface K3sAgentDrain {
  /**
   * Seconds to wait for the drain before the Job fails and is retried. Written as a duration
   * string: the controller reads an integer `timeout` as nanoseconds. Keep it under the Job's
   * active deadline (900 s in the release's SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS).
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Seconds to honour a PodDisruptionBudget for one pod before evicting it anyway, so one stuck
   * budget cannot hold the upgrade forever (`skipWaitForDeleteTimeout`).
   * @default 60
   */
  readonly skipWaitForDeleteTimeoutSeconds?: number;
}

export interface K3sUpgradePlansProps {
  /** The exact k3s release every node runs after the Plans complete (vps.k3sVersion), e.g. v1.36.4+k3s1. */
  readonly k3sVersion: string;
  /**
   * Namespace of the Plans (the controller's: Jobs run where the Plan is).
   * @default SystemUpgradeController.namespace
   */
  readonly namespace?: string;
  /**
   * Nodes upgraded at the same time, per Plan.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * How agents are drained.
   * @default - 600 s timeout, 60 s per PodDisruptionBudget, emptyDir data deleted, DaemonSets ignored
   */
  readonly drain?: K3sAgentDrain;
}

/**
 * The two upgrade Plans of a k3s cluster, as docs.k3s.io ("Automated Upgrades") writes them, with
 * `version` set to the cluster's k3sVersion: changing `vps.k3sVersion` in config upgrades the
 * running nodes (their user_data only affects new nodes).
 *
 * - `k3s-server`: the control-plane nodes, one at a time, cordoned (not drained: the control
 *   plane's own pods and the controller run there), tolerating the control-plane taints;
 * - `k3s-agent`: every other node, one at a time, after the servers: its `prepare` step
 *   (`prepare k3s-server`) waits until the server Plan has completed on every server, then the node
 *   is cordoned and drained (eviction honours PodDisruptionBudgets up to a limit, emptyDir data is
 *   dropped, DaemonSet pods stay), upgraded and uncordoned.
 *
 * The controller resolves the upgrade image's tag from `version` (`+` becomes `-`:
 * rancher/k3s-upgrade:v1.36.4-k3s1).
 */
export class K3sUpgradePlans extends Construct {
  /** Name of the control-plane Plan (the agent Plan's prepare step names it). */
  static readonly serverPlan = 'k3s-server';
  /** Name of the agent Plan. */
  static readonly agentPlan = 'k3s-agent';
  /** The image that replaces the k3s binary (tag: the Plan's version). */
  static readonly upgradeImage = 'rancher/k3s-upgrade';

  /** The version the Plans install. */
  public readonly version: string;

  constructor(scope: Construct, id: string, props: K3sUpgradePlansProps) {
    super(scope, id);
    if (!K3S_VERSION.test(props.k3sVersion)) throw new Error(`k3sVersion ${props.k3sVersion} must be an exact k3s release such as v1.34.1+k3s1`);
    const concurrency = props.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency ${concurrency} must be a whole number of nodes, at least 1`);
    const timeout = props.drain?.timeoutSeconds ?? 600;
    const skipWait = props.drain?.skipWaitForDeleteTimeoutSeconds ?? 60;
    for (const [what, value] of [['drain.timeoutSeconds', timeout], ['drain.skipWaitForDeleteTimeoutSeconds', skipWait]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${what} ${value} must be a whole number of seconds, at least 1`);
    }
    if (timeout >= JOB_ACTIVE_DEADLINE_SECONDS) throw new Error(`drain.timeoutSeconds ${timeout} must be under the upgrade Job's deadline of ${JOB_ACTIVE_DEADLINE_SECONDS} s`);
    this.version = props.k3sVersion;
    const namespace = props.namespace ?? SystemUpgradeController.namespace;
    const common = {
      concurrency,
      version: props.k3sVersion,
      serviceAccountName: SystemUpgradeController.serviceAccountName,
      cordon: true,
      upgrade: { image: K3sUpgradePlans.upgradeImage },
    };

    new ApiObject(this, 'server', {
      apiVersion: 'upgrade.cattle.io/v1',
      kind: 'Plan',
      metadata: { name: K3sUpgradePlans.serverPlan, namespace, labels: { 'k3s-upgrade': 'server' } },
      spec: {
        ...common,
        nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE_LABEL, operator: 'In', values: ['true'] }] },
        tolerations: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          { key: CONTROL_PLANE_LABEL, operator: 'Exists', effect: 'NoSchedule' },
          { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' },
        ],
      },
    });

    new ApiObject(this, 'agent', {
      apiVersion: 'upgrade.cattle.io/v1',
      kind: 'Plan',
      metadata: { name: K3sUpgradePlans.agentPlan, namespace, labels: { 'k3s-upgrade': 'agent' } },
      spec: {
        ...common,
        nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE_LABEL, operator: 'DoesNotExist' }] },
        prepare: { image: K3sUpgradePlans.upgradeImage, args: ['prepare', K3sUpgradePlans.serverPlan] },
        drain: {
          timeout: `${timeout}s`,
          skipWaitForDeleteTimeout: skipWait,
          deleteEmptydirData: true,
          ignoreDaemonSets: true,
          force: true,
        },
      },
    });
  }
}
