import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGitops } from '../../../charts/index';
import { LAYOUT } from '../../../charts/layout';
import { loadPlatform, type Platform } from '../../../config/load';
import { K3sUpgradePlans } from '../../../constructs/platform/k3s-upgrade-plans';
import { SystemUpgradeController, SYSTEM_UPGRADE_CONTROLLER_VERSION } from '../../../constructs/platform/system-upgrade-controller';
import { simulateBootstrap } from '../../../policy/bootstrap-order';
import { createObjectSchemaValidator } from '../../../policy/object-schemas';
import type { ClusterRender, FluxKustomizationStep } from '../../../render/types';
import { parseDocs } from '../../charts/helpers';
import { ENVIRONMENTS, ROOT } from '../../support/environments';

/** An exact k3s release such as v1.36.4+k3s1. */
const k3sRelease = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 9 }))
  .map(([major, minor, patch, build]) => `v${major}.${minor}.${patch}+k3s${build}`);

function plans(k3sVersion: string, props: Partial<ConstructorParameters<typeof K3sUpgradePlans>[2]> = {}) {
  const chart = Testing.chart();
  new K3sUpgradePlans(chart, 'plans', { k3sVersion, ...props });
  return Testing.synth(chart);
}

function controllerObjects() {
  const chart = Testing.chart();
  new SystemUpgradeController(chart, 'suc');
  return Testing.synth(chart);
}

describe('K3sUpgradePlans', () => {
  it('upgrades servers, then agents, one node at a time, to exactly the configured k3s release', () => {
    fc.assert(
      fc.property(k3sRelease, (version) => {
        const [server, agent] = plans(version);
        expect([server!.kind, agent!.kind]).toEqual(['Plan', 'Plan']);
        for (const plan of [server!, agent!]) {
          expect(plan.apiVersion).toBe('upgrade.cattle.io/v1');
          expect(plan.metadata.namespace).toBe(SystemUpgradeController.namespace);
          expect(plan.spec.version).toBe(version);
          expect(plan.spec.concurrency).toBe(1);
          expect(plan.spec.cordon).toBe(true);
          expect(plan.spec.serviceAccountName).toBe(SystemUpgradeController.serviceAccountName);
          expect(plan.spec.upgrade).toEqual({ image: 'rancher/k3s-upgrade' });
        }
        // Servers: the control-plane nodes, cordoned but not drained.
        expect(server!.metadata.name).toBe(K3sUpgradePlans.serverPlan);
        expect(server!.spec.nodeSelector.matchExpressions).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'In', values: ['true'] }]);
        expect(server!.spec.drain).toBeUndefined();
        // Agents: every other node, after every server is done (prepare), drained.
        expect(agent!.spec.nodeSelector.matchExpressions).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }]);
        expect(agent!.spec.prepare).toEqual({ image: 'rancher/k3s-upgrade', args: ['prepare', K3sUpgradePlans.serverPlan] });
        expect(agent!.spec.drain).toEqual({ timeout: '600s', skipWaitForDeleteTimeout: 60, deleteEmptydirData: true, ignoreDaemonSets: true, force: true });
      }),
    );
  });

  it('writes the drain timeout as a duration (the controller reads an integer as nanoseconds) and refuses bad input', () => {
    expect(plans('v1.36.4+k3s1', { drain: { timeoutSeconds: 120 } })[1]!.spec.drain.timeout).toBe('120s');
    expect(() => plans('v1.36.4+k3s1', { drain: { timeoutSeconds: 900 } })).toThrow(/under the upgrade Job's deadline/);
    expect(() => plans('v1.36.4+k3s1', { concurrency: 0 })).toThrow(/at least 1/);
    for (const bad of ['stable', 'v1.36.4', '1.36.4+k3s1', 'v1.36+k3s1']) expect(() => plans(bad)).toThrow(/exact k3s release/);
  });

  it('writes Plans the vendored Plan CRD accepts (the render-schema judge validates them the same way)', () => {
    const validator = createObjectSchemaValidator({ crds: controllerObjects().filter((o) => o.kind === 'CustomResourceDefinition') });
    for (const plan of plans('v1.36.4+k3s1')) expect(validator.validate(plan)).toEqual({ status: 'valid', errors: [] });
    const [, agent] = plans('v1.36.4+k3s1');
    expect(validator.validate({ ...agent!, spec: { ...agent!.spec, drainn: {} } }).status).toBe('invalid');
  });
});

describe('the first bootstrap (render-bootstrap)', () => {
  /** A Flux Kustomization step of the render holding `objects`. */
  const step = (name: string, objects: Record<string, any>[], dependsOn: string[]): FluxKustomizationStep => ({
    name,
    namespace: 'flux-system',
    dependsOn: dependsOn.map((d) => ({ name: d, namespace: 'flux-system' })),
    wait: true,
    healthChecks: [],
    path: `./gitops/clusters/k3s/${name}`,
    objects: objects.map((object) => ({ object, origin: { file: `gitops/clusters/k3s/${name}/objects.yaml`, kustomization: name } })),
  });
  const render = (kustomizations: FluxKustomizationStep[]): ClusterRender => ({ cluster: 'k3s', kubernetesVersion: '1.34.1', kustomizations, releases: [], bootstrapInputs: [] });

  it('applies the Plans once the controller and its CRD are in (controllers, then configs)', () => {
    const { order, problems } = simulateBootstrap(render([step('infra-controllers', controllerObjects(), []), step('infra-configs', plans('v1.36.4+k3s1'), ['infra-controllers'])]));
    expect(problems).toEqual([]);
    expect(order).toEqual(['infra-controllers', 'infra-configs']);
  });

  it('would report Plans on a cluster whose controllers leave the CRD out', () => {
    const withoutCrd = controllerObjects().filter((o) => o.kind !== 'CustomResourceDefinition');
    const { problems } = simulateBootstrap(render([step('infra-controllers', withoutCrd, []), step('infra-configs', plans('v1.36.4+k3s1'), ['infra-controllers'])]));
    expect(problems.map((p) => p.message).join('\n')).toMatch(/Plan/);
  });
});

describe('SystemUpgradeController', () => {
  it('is the vendored release, unchanged but for a privileged PlatformNamespace and a default deny', () => {
    const objects = controllerObjects();
    const ns = objects.find((o) => o.kind === 'Namespace')!;
    expect(ns.metadata.name).toBe('system-upgrade');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.metadata.annotations['platform.cheapk8s.io/pod-security-reason']).toMatch(/hostPID.*root filesystem/);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].image).toBe(`rancher/system-upgrade-controller:${SYSTEM_UPGRADE_CONTROLLER_VERSION}`);
    expect(objects.find((o) => o.kind === 'ConfigMap')!.data.SYSTEM_UPGRADE_JOB_PRIVILEGED).toBe('true');
    expect(objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name)).toEqual(['plans.upgrade.cattle.io']);
    expect(objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny')).toBeDefined();
    expect(controllerObjects().length).toBe(objects.length);
  });

  it('is vendored from the release it names: a version bump fails until constructs/platform/upstream/ is rebuilt', () => {
    const file = join(ROOT, 'constructs', 'platform', 'upstream', `system-upgrade-controller-${SYSTEM_UPGRADE_CONTROLLER_VERSION}.ts`);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(join(ROOT, 'constructs', 'platform', 'system-upgrade-controller.ts'), 'utf8')).toContain(`./upstream/system-upgrade-controller-${SYSTEM_UPGRADE_CONTROLLER_VERSION}'`);
  });
});

describe('k3s upgrades in the gitops tree', () => {
  /** The shipped platform with every k3s cluster moved to `version`. */
  function withK3s(platform: Platform, version: string): Platform {
    return { ...platform, clusters: platform.clusters.map((c) => (c.vps ? { ...c, vps: { ...c.vps, k3sVersion: version } } : c)) };
  }

  it('gives every k3s cluster the controller and Plans at its k3sVersion, whatever the version, and OKE clusters neither', async () => {
    const platform = loadPlatform(ENVIRONMENTS);
    expect(platform.clusters.some((c) => c.provider !== 'oci-oke')).toBe(true);
    for (const version of [undefined, 'v1.35.8+k3s1', 'v1.99.0+k3s7']) {
      const config = version ? withK3s(platform, version) : platform;
      const files = await buildGitops(config);
      for (const cluster of config.clusters) {
        const controllers = files.get(`${LAYOUT.controllers(cluster.name)}/kustomization.yaml`)!;
        const plan = files.get(`${LAYOUT.configs(cluster.name)}/system-upgrade/plan.yaml`);
        const configs = files.get(`${LAYOUT.configs(cluster.name)}/kustomization.yaml`)!;
        if (cluster.provider === 'oci-oke') {
          expect(controllers, cluster.name).not.toContain('system-upgrade');
          expect(plan, cluster.name).toBeUndefined();
          continue;
        }
        expect(controllers, cluster.name).toContain('infrastructure/controllers/system-upgrade');
        expect(configs, cluster.name).toContain('system-upgrade/plan.yaml');
        const plans = parseDocs(plan!);
        expect(plans.map((p) => p.metadata.name)).toEqual(['k3s-server', 'k3s-agent']);
        for (const p of plans) expect(p.spec.version, cluster.name).toBe(cluster.vps!.k3sVersion);
      }
      expect(files.has(`${LAYOUT.systemUpgradeBase}/kustomization.yaml`)).toBe(true);
    }
  });
});
