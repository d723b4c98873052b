import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ScaleToZero } from '../../../constructs/applications/scale-to-zero';
import { SablierGatewayCluster } from '../../../constructs/components/sablier-gateway-cluster';
import { validatorFor, pinnedComponentVersion } from '../../support/chart-crds';

const base = { route: 'wiki', namespace: 'docs', group: 'wiki', displayName: 'Wiki' };

describe('ScaleToZero', () => {
  it('attaches the Sablier plugin to the route with the defaults: dynamic, ghost, 30m', () => {
    const chart = Testing.chart();
    new ScaleToZero(chart, 's', base);
    const [policy] = Testing.synth(chart);
    expect(policy).toMatchObject({ kind: 'EnvoyExtensionPolicy', metadata: { name: 'wiki-scale-to-zero', namespace: 'docs' } });
    expect(policy.spec.wasm[0].config).toEqual({
      sablier_url: 'sablier.sablier.svc:10000',
      cluster: ScaleToZero.envoyCluster,
      group: 'wiki',
      session_duration: '30m',
      dynamic: { display_name: 'Wiki', theme: 'ghost' },
    });
    expect(ScaleToZero.labels('wiki')).toEqual({ 'sablier.enable': 'true', 'sablier.group': 'wiki' });
  });

  it('refuses a bad duration, a theme on the blocking strategy and a group that is no label value', () => {
    expect(() => new ScaleToZero(Testing.chart(), 's', { ...base, sessionDuration: '30 minutes' })).toThrow(/sessionDuration/);
    expect(() => new ScaleToZero(Testing.chart(), 's', { ...base, strategy: 'blocking', theme: 'matrix' })).toThrow(/dynamic strategy only/);
    expect(() => new ScaleToZero(Testing.chart(), 's', { ...base, group: 'Wiki Group' })).toThrow();
  });

  it('renders, with the gateway cluster, objects the pinned gateway-helm CRDs accept', () => {
    const chart = Testing.chart();
    new ScaleToZero(chart, 's', { ...base, strategy: 'blocking', sessionDuration: '2h' });
    new SablierGatewayCluster(chart, 'g', { gatewayName: 'edge', gatewayNamespace: 'gw' });
    const objs = Testing.synth(chart);
    const validate = validatorFor(['gateway-helm', pinnedComponentVersion('envoy-gateway')]);
    const custom = objs.filter((o) => o.apiVersion === 'gateway.envoyproxy.io/v1alpha1');
    expect(custom.map((o) => o.kind).sort()).toEqual(['EnvoyExtensionPolicy', 'EnvoyPatchPolicy']);
    for (const o of custom) expect(validate.validate(o), o.kind).toEqual({ status: 'valid', errors: [] });
    expect(objs.find((o) => o.kind === 'EnvoyPatchPolicy')!.spec.targetRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' });
    // Only the download allowance, no second default-deny in the gateway's namespace.
    expect(objs.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name)).toEqual(['allow-wasm-download']);
  });
});
