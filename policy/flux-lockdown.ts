/**
 * The Flux multi-tenancy lockdown, judged on the offline render (rule render-flux-lockdown):
 *
 * - the controller Deployments in the rendered flux-system carry the lockdown arguments
 *   (constructs/flux/flux-lockdown.ts: `--no-cross-namespace-refs`, `--no-remote-bases`,
 *   `--default-service-account`);
 * - every Flux Kustomization and HelmRelease names its `serviceAccountName` (else, locked down, it
 *   runs as its namespace's `default` account, which has no rights) and that ServiceAccount exists
 *   in its namespace (the render, or an account `flux install` creates in flux-system);
 * - no `sourceRef`/`chartRef`/`chart.spec.sourceRef` and no Alert event source points at another
 *   namespace: the locked-down controllers refuse them (dependsOn may cross namespaces).
 */
import { FLUX_LOCKDOWN_PATCHES, lockdownArgs } from '../constructs/flux/flux-lockdown';
import { FLUX_CONTROLLER_ACCOUNTS } from '../render/render';
import { renderedResource, type ClusterRender, type JsonObject, type RenderedObject } from '../render/types';
import type { RawFinding } from './types';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function group(apiVersion: unknown): string {
  const s = String(apiVersion);
  return s.includes('/') ? s.slice(0, s.indexOf('/')) : '';
}

/** Flux objects that impersonate `serviceAccountName`. */
const IMPERSONATING = new Set(['kustomize.toolkit.fluxcd.io Kustomization', 'helm.toolkit.fluxcd.io HelmRelease']);

export function fluxLockdownFindings(render: ClusterRender, fluxNamespace = 'flux-system'): RawFinding[] {
  const findings: RawFinding[] = [];
  const all: RenderedObject[] = [...render.kustomizations.flatMap((k) => k.objects), ...render.releases.flatMap((r) => r.objects)];
  const accounts = new Set(FLUX_CONTROLLER_ACCOUNTS.map((n) => `${fluxNamespace}/${n}`));
  for (const { object } of all) {
    const m = isObject(object.metadata) ? object.metadata : {};
    if (object.kind === 'ServiceAccount' && typeof m.namespace === 'string') accounts.add(`${m.namespace}/${String(m.name)}`);
  }

  // The controllers and their arguments.
  const controllers = new Set(FLUX_LOCKDOWN_PATCHES.flatMap((p) => p.controllers));
  const deployments = new Map<string, RenderedObject>();
  for (const r of all) {
    const m = isObject(r.object.metadata) ? r.object.metadata : {};
    if (r.object.kind === 'Deployment' && m.namespace === fluxNamespace && controllers.has(String(m.name))) deployments.set(String(m.name), r);
  }
  for (const controller of ['kustomize-controller', 'helm-controller', 'notification-controller']) {
    const rendered = deployments.get(controller);
    if (!rendered) {
      findings.push({
        rule: 'render-flux-lockdown',
        resource: `${render.cluster}:ks flux-system:Deployment/${fluxNamespace}/${controller}`,
        message: `cluster ${render.cluster}: the ${controller} Deployment is not in ${fluxNamespace} (clusters/<c>/flux-system/gotk-components.yaml), so the multi-tenancy lockdown patches have nothing to patch and flux install's defaults run (${lockdownArgs(controller).join(' ')} missing)`,
      });
      continue;
    }
    const spec = isObject(rendered.object.spec) && isObject(rendered.object.spec.template) && isObject(rendered.object.spec.template.spec) ? rendered.object.spec.template.spec : {};
    const manager = (Array.isArray(spec.containers) ? spec.containers.filter(isObject) : []).find((c) => c.name === 'manager');
    const args = new Set((Array.isArray(manager?.args) ? manager!.args : []).map(String));
    const missing = lockdownArgs(controller).filter((a) => !args.has(a));
    if (missing.length > 0) {
      findings.push({
        rule: 'render-flux-lockdown',
        resource: renderedResource(render.cluster, rendered),
        message: `cluster ${render.cluster}: ${fluxNamespace}/${controller} runs without ${missing.join(' ')} (the multi-tenancy lockdown patches of clusters/<c>/flux-system/kustomization.yaml)`,
      });
    }
  }

  // Every Flux object: its account, and references within its namespace.
  for (const rendered of all) {
    const o = rendered.object;
    const m = isObject(o.metadata) ? o.metadata : {};
    const ns = typeof m.namespace === 'string' ? m.namespace : 'default';
    const name = `${String(o.kind)} ${ns}/${String(m.name)}`;
    const spec = isObject(o.spec) ? o.spec : {};
    const say = (message: string) => findings.push({ rule: 'render-flux-lockdown', resource: renderedResource(render.cluster, rendered), message: `cluster ${render.cluster}: ${name} ${message}` });
    if (IMPERSONATING.has(`${group(o.apiVersion)} ${String(o.kind)}`)) {
      const account = typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : undefined;
      if (!account) say(`names no serviceAccountName: under the lockdown it runs as ServiceAccount ${ns}/default, which has no rights (name the account it runs as)`);
      else if (!accounts.has(`${ns}/${account}`)) say(`runs as ServiceAccount ${ns}/${account}, which nothing creates`);
      const refs: [string, unknown][] = [
        ['spec.sourceRef', spec.sourceRef],
        ['spec.chartRef', spec.chartRef],
        ['spec.chart.spec.sourceRef', isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec.sourceRef : undefined],
      ];
      for (const [field, ref] of refs) {
        if (isObject(ref) && typeof ref.namespace === 'string' && ref.namespace !== ns) {
          say(`refers to ${String(ref.kind)} ${ref.namespace}/${String(ref.name)} (${field}) in another namespace, which the locked-down controllers refuse (--no-cross-namespace-refs); keep the source next to it`);
        }
      }
    }
    if (group(o.apiVersion) === 'notification.toolkit.fluxcd.io' && o.kind === 'Alert') {
      for (const source of Array.isArray(spec.eventSources) ? spec.eventSources.filter(isObject) : []) {
        if (typeof source.namespace === 'string' && source.namespace !== ns) {
          say(`takes events of ${String(source.kind)} in namespace ${source.namespace}, which notification-controller drops under --no-cross-namespace-refs; put an Alert in each namespace`);
        }
      }
    }
  }
  return findings;
}
