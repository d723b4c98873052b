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
 * - render-value-unread: values config or a construct sets that the chart never reads (policy/unread-values.ts).
 */
import type { RenderResult } from '../render/render';
import { renderedResource, type ClusterRender, type JsonObject } from '../render/types';
import { imageProblem } from './kubernetes';
import { podSecurityFindings, podTemplateOf } from './pod-security';
import type { RawFinding } from './types';

/** Findings of the render itself (the cluster could not even be rendered as configured). */
export function renderProblemFindings(result: RenderResult): RawFinding[] {
  return result.problems.map((p) => ({ rule: p.rule, resource: `${p.cluster}:${p.step}`, message: `cluster ${p.cluster}: ${p.message}` }));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/** Every judge over every rendered cluster. */
export function renderFindings(result: RenderResult): RawFinding[] {
  const findings = renderProblemFindings(result);
  for (const cluster of result.clusters) {
    findings.push(...podSecurityFindings(cluster), ...imageTagFindings(cluster));
  }
  return findings;
}
