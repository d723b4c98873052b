/**
 * A small Flux repository for render tests: one cluster, two Flux Kustomizations (controllers, then
 * configs; both wait), a HelmRelease of a chart packaged here with the bundled helm, and a chart
 * cache holding it. Each test changes what it needs (values, a plain manifest, the pinned version).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Platform } from '../../config/load';
import type { RenderTools } from '../../render/tools';

const CHART_VALUES = `replicas: 1
image:
  repository: ghcr.io/example/demo
  tag: "1.2.3"
podSecurityContext: {}
securityContext: {}
secretName: ""
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: demo }
  template:
    metadata:
      labels: { app: demo }
    spec:
      securityContext: {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: demo
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext: {{- toYaml .Values.securityContext | nindent 12 }}
          {{- if .Values.secretName }}
          env:
            - name: PASSWORD
              valueFrom:
                secretKeyRef: { name: {{ .Values.secretName }}, key: password }
          {{- end }}
`;

/** Packages the test chart `demo` at `version` into `cacheDir`. */
export function packageDemoChart(helm: string, cacheDir: string, version = '0.1.0'): void {
  const src = mkdtempSync(join(tmpdir(), 'demo-chart-'));
  const chart = join(src, 'demo');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), `apiVersion: v2\nname: demo\nversion: ${version}\nappVersion: "1.2.3"\n`);
  writeFileSync(join(chart, 'values.yaml'), CHART_VALUES);
  writeFileSync(join(chart, 'templates', 'deployment.yaml'), DEPLOYMENT);
  mkdirSync(cacheDir, { recursive: true });
  execFileSync(helm, ['package', chart, '--destination', cacheDir], { stdio: 'pipe' });
}

/** A restricted-compliant pod for the demo chart. */
export const RESTRICTED_VALUES = {
  podSecurityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
};

export interface DemoProject {
  readonly root: string;
  readonly gitops: string;
  readonly charts: string;
  readonly platform: Platform;
  /** Writes a file under gitops/clusters/demo/. */
  write(path: string, objects: object | object[]): void;
}

function yamlOf(objects: object | object[]): string {
  return (Array.isArray(objects) ? objects : [objects]).map((o) => stringify(o)).join('---\n');
}

/**
 * The project: `values` for the HelmRelease (namespace `demo`, level `restricted`), `version` it
 * pins; `configs` objects go to the second layer.
 */
export function demoProject(tools: RenderTools, options: { values?: object; version?: string; configs?: object[] } = {}): DemoProject {
  const root = mkdtempSync(join(tmpdir(), 'render-project-'));
  const gitops = join(root, 'gitops');
  const cluster = join(gitops, 'clusters', 'demo');
  const charts = join(root, 'charts');
  packageDemoChart(tools.helm, charts);
  const write = (path: string, objects: object | object[]) => {
    const file = join(cluster, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, Array.isArray(objects) || !('resources' in objects) ? yamlOf(objects) : stringify(objects));
  };
  const ks = (name: string, path: string, dependsOn?: string) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system' },
    spec: {
      interval: '10m',
      path: `./gitops/clusters/demo/${path}`,
      prune: true,
      wait: true,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      ...(dependsOn ? { dependsOn: [{ name: dependsOn }] } : {}),
    },
  });
  write('flux-system/gotk-sync.yaml', [
    { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'flux-system', namespace: 'flux-system' }, spec: { interval: '1m', url: 'https://example.com/repo.git', ref: { branch: 'main' } } },
    { ...ks('flux-system', ''), spec: { interval: '10m', path: './gitops/clusters/demo', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } } },
  ]);
  write('flux-system/kustomization.yaml', { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['gotk-sync.yaml'] });
  write('layers.yaml', [ks('controllers', 'controllers'), ks('configs', 'configs', 'controllers')]);
  write('kustomization.yaml', { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['flux-system', 'layers.yaml'] });
  write('controllers/release.yaml', [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'demo', namespace: 'demo' }, spec: { interval: '1h', url: 'https://charts.example.com' } },
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'demo', namespace: 'demo' },
      spec: {
        interval: '30m',
        chart: { spec: { chart: 'demo', version: options.version ?? '0.1.0', sourceRef: { kind: 'HelmRepository', name: 'demo', namespace: 'demo' } } },
        values: options.values ?? RESTRICTED_VALUES,
      },
    },
  ]);
  write('controllers/kustomization.yaml', { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['release.yaml'] });
  write('configs/objects.yaml', options.configs ?? [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'demo' }, data: { a: 'b' } }]);
  write('configs/kustomization.yaml', { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['objects.yaml'] });
  const platform = {
    clusters: [{ name: 'demo', environment: 'test', provider: 'hcloud-k3s', domain: 'demo.example.com', gitopsPath: './gitops/clusters/demo', kubernetesVersion: '1.34.1', vps: { k3sVersion: 'v1.34.1+k3s1' } }],
  } as unknown as Platform;
  return { root, gitops, charts, platform, write };
}
