import { beforeAll, describe, expect, it } from 'vitest';
import { buildGitops } from '../../charts/index';
import { loadPlatform } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { copyEnvironments, edit } from '../support/environments';
import { pinnedComponentVersion, validatorFor } from '../support/chart-crds';
import { kustomize, writeTree, type Obj } from './helpers';

/**
 * Scale to zero end to end from a cluster's own config: two applications opt in (one with the waiting
 * page, one blocking), one stays up; what `kubectl kustomize` gives Flux, and the gateway's objects
 * checked against the CRDs of the pinned gateway-helm chart.
 */
describe('applications that scale to zero (Sablier behind Envoy Gateway)', () => {
  const cluster = 'do-prod';
  let on: { apps: Obj[]; controllers: Obj[]; configs: Obj[] };
  let off: { apps: Obj[]; controllers: Obj[]; configs: Obj[] };

  async function render(scaleToZero: boolean) {
    const dir = copyEnvironments();
    edit(dir, 'prod.yaml', [
      [['clusters', cluster, 'components', 'sablier'], { enabled: true }],
      [
        ['clusters', cluster, 'applications'],
        {
          forgejo: { enabled: true, subdomain: 'code', ...(scaleToZero ? { scaleToZero: { enabled: true, sessionDuration: '45m', theme: 'matrix' } } : {}) },
          litellm: { enabled: true, subdomain: 'llm', ...(scaleToZero ? { scaleToZero: { enabled: true, strategy: 'blocking' } } : {}) },
          homepage: { enabled: true, subdomain: 'start' },
        },
      ],
    ]);
    const root = writeTree(await buildGitops(loadPlatform(dir)));
    return {
      apps: kustomize(root, `clusters/${cluster}/apps`),
      controllers: kustomize(root, `clusters/${cluster}/infrastructure/controllers`),
      configs: kustomize(root, `clusters/${cluster}/infrastructure/configs`),
    };
  }

  beforeAll(async () => {
    on = await render(true);
    off = await render(false);
  });

  const find = (objs: Obj[], kind: string, namespace: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
  const ofKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);

  it('runs the Sablier Wasm filter on the route of each application that opts in, with its group, session and strategy', () => {
    const forgejo = find(on.apps, 'EnvoyExtensionPolicy', 'forgejo', 'forgejo-scale-to-zero')!;
    expect(forgejo.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'forgejo' }]);
    expect(find(on.apps, 'HTTPRoute', 'forgejo', 'forgejo')).toBeDefined();
    const [wasm] = forgejo.spec.wasm;
    expect(wasm.code).toEqual({ type: 'HTTP', http: { url: 'https://github.com/sablierapp/sablier-proxywasm-plugin/releases/download/v1.1.0/sablier-proxywasm-plugin.wasm' } });
    expect(wasm.config).toEqual({
      sablier_url: 'sablier.sablier.svc:10000',
      cluster: 'sablier',
      group: 'forgejo',
      session_duration: '45m',
      dynamic: { display_name: 'Forgejo', theme: 'matrix' },
    });
    const litellm = find(on.apps, 'EnvoyExtensionPolicy', 'litellm', 'litellm-scale-to-zero')!;
    expect(litellm.spec.wasm[0].config).toMatchObject({ group: 'litellm', session_duration: '30m', blocking: { timeout: '60s' } });
    expect(litellm.spec.wasm[0].config.dynamic).toBeUndefined();
    // Homepage did not opt in.
    expect(ofKind(on.apps, 'EnvoyExtensionPolicy').map((p) => p.metadata.namespace).sort()).toEqual(['forgejo', 'litellm']);
  });

  it('labels the sleeping Deployments for Sablier and leaves their replica count to it', () => {
    for (const app of ['forgejo', 'litellm']) {
      const deployment = find(on.apps, 'Deployment', app, app)!;
      expect(deployment.metadata.labels).toMatchObject({ 'sablier.enable': 'true', 'sablier.group': app });
      expect(deployment.spec.replicas, app).toBeUndefined();
    }
  });

  it('gives the gateway the Envoy cluster the plugin calls, switches EnvoyPatchPolicy on and opens the plugin download', () => {
    const patch = find(on.configs, 'EnvoyPatchPolicy', 'envoy-gateway-system', 'sablier-cluster')!;
    expect(patch.spec.targetRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'platform' });
    const [op] = patch.spec.jsonPatches;
    expect(op).toMatchObject({ type: 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: 'sablier', operation: { op: 'add', path: '' } });
    expect(op.operation.value.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({ address: 'sablier.sablier.svc.cluster.local', port_value: 10000 });
    const gateway = ofKind(on.controllers, 'HelmRelease').find((o) => o.metadata.name === 'envoy-gateway')!;
    expect(gateway.spec.values.config.envoyGateway.extensionApis).toEqual({ enableEnvoyPatchPolicy: true });
    const download = find(on.configs, 'NetworkPolicy', 'envoy-gateway-system', 'allow-wasm-download')!;
    expect(download.spec.egress[0].ports).toEqual([{ port: 443, protocol: 'TCP' }]);
    // The proxies reach Sablier: Envoy Gateway's namespace may call every namespace, and Sablier admits it on 10000.
    expect(find(on.controllers, 'NetworkPolicy', 'sablier', 'allow-from-envoy-gateway-system')!.spec.ingress[0].ports).toEqual([{ port: 10000, protocol: 'TCP' }]);
  });

  it('renders the gateway objects valid for the pinned gateway-helm CRDs', () => {
    const validate = validatorFor(['gateway-helm', pinnedComponentVersion('envoy-gateway')]);
    const objects = [...ofKind(on.apps, 'EnvoyExtensionPolicy'), ...ofKind(on.configs, 'EnvoyPatchPolicy')];
    expect(objects).toHaveLength(3);
    for (const o of objects) expect(validate.validate(o), `${o.kind} ${o.metadata.name}`).toEqual({ status: 'valid', errors: [] });
  });

  it('changes nothing when no application opts in', () => {
    expect(ofKind(off.apps, 'EnvoyExtensionPolicy')).toEqual([]);
    expect(ofKind(off.configs, 'EnvoyPatchPolicy')).toEqual([]);
    expect(find(off.configs, 'NetworkPolicy', 'envoy-gateway-system', 'allow-wasm-download')).toBeUndefined();
    const deployment = find(off.apps, 'Deployment', 'forgejo', 'forgejo')!;
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.metadata.labels?.['sablier.enable']).toBeUndefined();
    const gateway = ofKind(off.controllers, 'HelmRelease').find((o) => o.metadata.name === 'envoy-gateway')!;
    expect(gateway.spec.values?.config).toBeUndefined();
  });

  it.each([
    ['an application that must stay up', { mattermost: { enabled: true, scaleToZero: { enabled: true } } }, [], 'mattermost', 'mattermost cannot scale to zero: chat clients'],
    ['without the sablier component', { forgejo: { enabled: true, scaleToZero: { enabled: true } } }, [['sablier', { enabled: false }]], 'forgejo', 'forgejo: scaleToZero needs sablier enabled'],
  ] as const)('refuses scaleToZero %s, with file, path and rule', (_what, applications, components, app, message) => {
    const dir = copyEnvironments();
    edit(dir, 'prod.yaml', [
      [['clusters', cluster, 'applications'], applications],
      ...components.map(([name, value]) => [['clusters', cluster, 'components', name], value] as [string[], unknown]),
    ]);
    let error: unknown;
    try {
      loadPlatform(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problem = (error as ConfigError).problems.find((p) => p.rule === 'application-scale-to-zero');
    expect(problem).toMatchObject({ path: `clusters.${cluster}.applications.${app}.scaleToZero.enabled`, value: true });
    expect(problem!.message).toContain(message);
    expect(problem!.file).toMatch(/prod\.yaml$/);
    expect(problem!.line).toBeGreaterThan(1);
  });
});
