/**
 * The rules over the offline render (render/render.ts): every object that Flux and Helm would
 * apply, chart output included, judged as the cluster would judge it. Each judge lives in its own
 * module and returns policy findings, so `npm run check` reports them with the rest of the pack
 * (one table, one format, the same waivers):
 *
 * - render problems: a chart missing from the cache, helm or kustomize failing, unreadable valuesFrom;
 * - render-schema / render-no-schema: strict schemas (policy/object-schemas.ts);
 * - render-pod-security: the namespace's Pod Security level (policy/pod-security.ts);
 * - render-bootstrap: the first reconcile's order (policy/bootstrap-order.ts);
 * - render-image-tag: every container image of a rendered workload is pinned;
 * - render-volume-backup: with Velero, no PersistentVolumeClaim left out of backups silently (policy/volume-backup.ts);
 * - render-volume-unmounted: a standalone PersistentVolumeClaim no rendered pod mounts (policy/volume-backup.ts);
 * - render-value-unread: values config or a construct sets that the chart never reads (policy/unread-values.ts);
 * - render-flux-lockdown: Flux's multi-tenancy lockdown and every Flux object's account (policy/flux-lockdown.ts);
 * - render-rbac-tenant: the RBAC proof of what tenant identities can do (policy/rbac-proof.ts);
 * - render-sso-scope, render-grafana-sso, render-admin-exposure: what the ingress exposes and to whom
 *   (policy/exposure.ts).
 */
import { blameConfigValues, describeConfigValue, reaches, type ConfigValue } from '../render/provenance';
import type { RenderResult } from '../render/render';
import { renderedResource, type ClusterRender, type JsonObject } from '../render/types';
import { imageProblem } from './kubernetes';
import { bootstrapFindings } from './bootstrap-order';
import { exposureFindings, type ExposureContext } from './exposure';
import { fluxLockdownFindings } from './flux-lockdown';
import { rbacProofFindings } from './rbac-proof';
import { createObjectSchemaValidator, schemaFindings } from './object-schemas';
import { looserThanNeededFindings, podSecurityFindings, podTemplateOf } from './pod-security';
import { unreadValueFindings } from './unread-values';
import { unmountedClaimFindings, volumeBackupFindings } from './volume-backup';
import type { RawFinding } from './types';

/** Findings of the render itself (the cluster could not even be rendered as configured). */
export function renderProblemFindings(result: RenderResult): RawFinding[] {
  const findings: RawFinding[] = [];
  const brokenBuilds = new Set(result.problems.filter((p) => p.rule === 'render-kustomize').map((p) => p.cluster));
  // One finding per missing chart, naming every release that needs it.
  const missing = new Map<string, RenderResult['problems'][number][]>();
  for (const p of result.problems) {
    if (p.rule === 'render-chart-missing' && p.chart) {
      const key = `${p.chart.name}\0${p.chart.version}\0${p.chart.source}`;
      missing.set(key, [...(missing.get(key) ?? []), p]);
      continue;
    }
    // A source "not in the tree" after a failed kustomize build is that failure's echo.
    if (p.rule === 'render-chart-missing' && brokenBuilds.has(p.cluster) && /is not in the tree/.test(p.message)) continue;
    findings.push({ rule: p.rule, resource: `${p.cluster}:${p.step}`, message: `cluster ${p.cluster}: ${p.message}` });
  }
  for (const list of missing.values()) {
    const first = list[0]!;
    const needed = list.map((p) => `${p.cluster} ${p.step.replace(/^helm /, '')}`).join(', ');
    findings.push({ rule: 'render-chart-missing', resource: `chart:${first.chart!.name}-${first.chart!.version}`, message: `${first.message.replace(/^HelmRelease [^:]+: /, '')} (needed by ${needed})` });
  }
  return findings;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function istioInjected(metadata: JsonObject): boolean {
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  return labels['sidecar.istio.io/inject'] === 'true' || typeof annotations['inject.istio.io/templates'] === 'string';
}

/** Every container of every rendered workload runs an image with a version tag or a digest. */
export function imageTagFindings(render: ClusterRender): RawFinding[] {
  const findings: RawFinding[] = [];
  const all = [...render.kustomizations.flatMap((k) => k.objects), ...render.releases.flatMap((r) => r.objects)];
  for (const rendered of all) {
    const template = podTemplateOf(rendered.object);
    if (!template) continue;
    const problems: string[] = [];
    for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
      const list = template.spec[field];
      if (!Array.isArray(list)) continue;
      for (const c of list.filter(isObject)) {
        // Istio's gateway chart leaves `image: auto` for its sidecar injector to replace with the
        // proxy image istiod pins (the pod opts in with the inject label).
        if (c.image === 'auto' && istioInjected(template.metadata)) continue;
        const problem = imageProblem(c.image);
        if (problem) problems.push(`${field} ${String(c.name)}: ${problem}`);
      }
    }
    if (problems.length > 0) {
      const meta = isObject(rendered.object.metadata) ? rendered.object.metadata : {};
      findings.push({
        rule: 'render-image-tag',
        resource: renderedResource(render.cluster, rendered),
        message: `${String(rendered.object.kind)} ${String(meta.namespace ?? '')}/${String(meta.name)} (${rendered.origin.file}): ${problems.join('; ')}; pin the image's tag in the component's values`,
      });
    }
  }
  return findings;
}

/** Options of {@link judgeRender}. */
export interface JudgeOptions {
  /** Every component value the environment files set (render/provenance.ts), to name the one behind a failure. */
  readonly configValues?: readonly ConfigValue[];
  /** Environment of each cluster, for matching config values to clusters. */
  readonly environments?: ReadonlyMap<string, string>;
  /** Per cluster: its domain, tenant domains, admin ranges and production flag (config), for the exposure judges. */
  readonly exposure?: ReadonlyMap<string, ExposureContext>;
}

/**
 * Appends to a release's failure the environment file values without which it goes away
 * (`environments/staging.yaml:42 clusters.hcloud-staging.components.x.values.a = "many"`).
 */
async function blame(result: RenderResult, findings: RawFinding[], options: JudgeOptions): Promise<RawFinding[]> {
  if (!options.configValues || options.configValues.length === 0) return findings;
  const out: RawFinding[] = [];
  for (const f of findings) {
    // kustomize refuses to merge a value patch whose type differs from the base (a scalar over a
    // map): the error quotes the node, which points at the config value that wrote it.
    const node = f.rule === 'render-kustomize' ? /node contents: (.+?)\s*$/.exec(f.message)?.[1] : undefined;
    if (node !== undefined) {
      const cluster = f.resource.split(':')[0]!;
      const environment = options.environments?.get(cluster) ?? '';
      const likely = options.configValues.filter(
        (v) => (v.scope === '*' || v.scope === `env:${environment}` || v.scope === cluster) && typeof v.value !== 'object' && String(v.value) === node,
      );
      out.push(likely.length > 0 ? { ...f, message: `${f.message} [likely set by ${likely.map(describeConfigValue).join('; ')}: a value whose type differs from what the component's other values have there]` } : f);
      continue;
    }
    const m = /^([^:]+):helm ([^/]+)\/([^:]+)/.exec(f.resource);
    if (!m || (f.rule !== 'render-helm' && f.rule !== 'render-schema')) {
      out.push(f);
      continue;
    }
    const [, cluster, namespace, name] = m as unknown as [string, string, string, string];
    const release = result.clusters.find((c) => c.cluster === cluster)?.releases.find((r) => r.namespace === namespace && r.name === name);
    const environment = options.environments?.get(cluster) ?? '';
    const candidates = options.configValues.filter((v) => reaches(v, cluster, environment, name));
    if (!release || candidates.length === 0) {
      out.push(f);
      continue;
    }
    const stillFails = async (values: JsonObject): Promise<boolean> => {
      const again = await result.rerender(cluster, `${namespace}/${name}`, values);
      if ('error' in again) return true;
      if (f.rule === 'render-helm') return false;
      const validator = createObjectSchemaValidator({ crds: again.objects.filter((o) => o.kind === 'CustomResourceDefinition') });
      return again.objects.some((o) => validator.validate(o).status === 'invalid');
    };
    const blamed = await blameConfigValues(candidates, release.values, stillFails);
    out.push(blamed.length > 0 ? { ...f, message: `${f.message} [set by ${blamed.map(describeConfigValue).join('; ')}]` } : f);
  }
  return out;
}

/** Every judge over every rendered cluster. */
export async function judgeRender(result: RenderResult, options: JudgeOptions = {}): Promise<RawFinding[]> {
  const findings = renderProblemFindings(result);
  for (const cluster of result.clusters) {
    // A release that could not be rendered leaves holes (its CRDs, Secrets, Namespaces) that would
    // show up as dozens of follow-on errors: its own problem is the one to fix first.
    const unrendered = result.problems.filter((p) => p.cluster === cluster.cluster && (p.rule === 'render-chart-missing' || p.rule === 'render-helm'));
    const schemas = schemaFindings(cluster);
    findings.push(...(unrendered.length > 0 ? schemas.filter((f) => f.rule !== 'render-no-schema') : schemas), ...podSecurityFindings(cluster), ...looserThanNeededFindings(cluster), ...imageTagFindings(cluster), ...volumeBackupFindings(cluster), ...unmountedClaimFindings(cluster), ...fluxLockdownFindings(cluster), ...rbacProofFindings(cluster), ...exposureFindings(cluster, options.exposure?.get(cluster.cluster)));
    if (unrendered.length === 0) findings.push(...bootstrapFindings(cluster));
    else {
      findings.push({
        rule: 'render-bootstrap',
        resource: `${cluster.cluster}:bootstrap`,
        message: `cluster ${cluster.cluster}: first bootstrap not simulated: ${unrendered.length} HelmRelease(s) could not be rendered (${unrendered.map((p) => p.step.replace(/^helm /, '')).join(', ')}); fix those first`,
      });
    }
  }
  findings.push(...(await unreadValueFindings(result)));
  return blame(result, findings, options);
}
