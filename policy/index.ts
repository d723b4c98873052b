/**
 * The policy pack: one pass over the synthesized output (the Terraform JSON of every stack and the
 * gitops tree), returning every finding with its rule, severity and resource, waived ones marked.
 * Rules and their ids: policy/rules.ts; what each checks and how waivers work: policy/README.md.
 */
import { buildModel, rawObjects } from './gitops';
import { acmeIssuerRules, appWorkloadRules, loadBalancerInventory, namespaceRules, objectRules } from './kubernetes';
import { providerLockRules } from './provider-locks';
import { isRuleId, RULES } from './rules';
import { credentialRules, plaintextSecretRules, secretReferenceRules, sopsRules } from './secrets';
import { ALWAYS_FREE, backendRules, freeTierClusters, freeTierRules, hcloudRules, k3sTokenRules, networkRules, ociDynamicGroupRules, stateRules, tfResources, type LoadBalancerUse } from './terraform';
import type { Finding, PolicyInput, RawFinding } from './types';
import { applyWaivers } from './waivers';

export type { Finding, PolicyInput, PolicyPlatform, Waiver, ExternalSecret } from './types';
export { RULES } from './rules';
export { parseWaivers, WAIVERS_FILE } from './waivers';

function loadBalancerFindings(input: PolicyInput, terraform: Map<string, LoadBalancerUse[]>, gitops: Map<string, LoadBalancerUse[]>): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const cluster of freeTierClusters(input.platform)) {
    const all = [...(terraform.get(cluster.name) ?? []), ...(gitops.get(cluster.name) ?? [])];
    const flexible = all.filter((lb) => lb.kind === 'flexible');
    const network = all.filter((lb) => lb.kind === 'network');
    const problems: string[] = [];
    if (flexible.length > ALWAYS_FREE.flexibleLbs) problems.push(`${flexible.length} flexible load balancers (Always Free: ${ALWAYS_FREE.flexibleLbs}): ${flexible.map((lb) => lb.source).join('; ')}`);
    if (network.length > ALWAYS_FREE.networkLbs) problems.push(`${network.length} network load balancers (Always Free: ${ALWAYS_FREE.networkLbs}): ${network.map((lb) => lb.source).join('; ')}`);
    for (const lb of flexible) if (lb.notFree) problems.push(`${lb.source} is not an Always Free load balancer: ${lb.notFree}`);
    if (problems.length > 0) {
      findings.push({
        rule: 'oci-free-tier-load-balancers',
        resource: `cluster:${cluster.name}`,
        message: `cluster ${cluster.name} (freeTier: true): ${problems.join('. ')}. Keep one ingress controller or Gateway with a LoadBalancer Service annotated service.beta.kubernetes.io/oci-load-balancer-shape: flexible and shape-flex-min/max: "10" (or oci.oraclecloud.com/load-balancer-type: nlb), make the others ClusterIP, or set freeTier: false`,
      });
    }
  }
  return findings;
}

/** Runs every rule once over the input. Findings are sorted by rule, file, line and resource. */
export function runPolicies(input: PolicyInput): Finding[] {
  const stacksDir = input.display?.stacksDir ?? 'cdktf.out';
  const gitopsDir = input.display?.gitopsDir ?? 'gitops';
  const ctx = { stacks: input.stacks, platform: input.platform, stacksDir };
  const resources = tfResources(ctx);
  const model = buildModel(input.gitops, input.platform, gitopsDir);
  const raw = [...rawObjects(model)];
  const freeTier = freeTierRules(ctx, resources);
  const gitopsLbs = new Map<string, LoadBalancerUse[]>();
  for (const cluster of freeTierClusters(input.platform)) gitopsLbs.set(cluster.name, loadBalancerInventory(model.clusters.get(cluster.name) ?? []));

  const rawFindings: RawFinding[] = [
    ...stateRules(ctx, resources),
    ...backendRules(ctx),
    ...providerLockRules({ stacks: input.stacks, locks: input.locks ?? new Map(), stacksDir }),
    ...networkRules(ctx, resources),
    ...freeTier.findings,
    ...loadBalancerFindings(input, freeTier.loadBalancers, gitopsLbs),
    ...hcloudRules(resources),
    ...ociDynamicGroupRules(resources),
    ...k3sTokenRules(resources),
    ...model.findings,
    ...objectRules(raw),
    ...namespaceRules(model, input.platform),
    ...appWorkloadRules(model, input.platform),
    ...acmeIssuerRules(model, input.platform),
    ...plaintextSecretRules(raw),
    ...secretReferenceRules(model, input.externalSecrets ?? []),
    ...sopsRules(model, input.platform),
    ...credentialRules(model, input.stacks, stacksDir),
    ...(input.renderFindings ?? []),
  ];

  // The same object reached by several clusters yields the same finding several times: keep one.
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const f of rawFindings) {
    const key = `${f.rule}\0${f.resource}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!isRuleId(f.rule)) throw new Error(`policy: rule ${f.rule} is not in RULES`);
    findings.push({ ...f, severity: RULES[f.rule].severity });
  }
  const order = Object.keys(RULES);
  findings.sort(
    (a, b) => order.indexOf(a.rule) - order.indexOf(b.rule) || (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.resource.localeCompare(b.resource) || a.message.localeCompare(b.message),
  );
  return applyWaivers(findings, input.waivers ?? []);
}

export interface SummaryRow {
  readonly rule: string;
  readonly severity: string;
  readonly count: number;
  readonly waived: number;
}

/** One row per rule (every rule, so a clean run shows what was checked). */
export function summarize(findings: readonly Finding[]): SummaryRow[] {
  return Object.entries(RULES).map(([rule, info]) => {
    const mine = findings.filter((f) => f.rule === rule);
    return { rule, severity: info.severity, count: mine.filter((f) => !f.waived).length, waived: mine.filter((f) => f.waived).length };
  });
}

/** True when a finding fails the check: an error nobody waived. */
export function isFailure(finding: Finding): boolean {
  return finding.severity === 'error' && !finding.waived;
}
