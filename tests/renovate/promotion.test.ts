import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleMatches, type PackageRule } from '../../cli/docs/renovate';
import { loadPlatform, type Environment } from '../../config/load';
import { clusterPins } from '../../config/promotion';
import { ENVIRONMENTS, ROOT } from '../support/environments';
import { covering, repositoryPins, type CustomManager } from './pins';

const config = JSON.parse(readFileSync(join(ROOT, 'renovate.json'), 'utf8')) as { customManagers: CustomManager[]; packageRules: PackageRule[] };
const { pins, texts } = repositoryPins(ROOT);

/** Whether Renovate updates a dependency: the last matching rule that says enabled wins, default on. */
function enabled(dep: { depName?: string; datasource?: string; file: string }): boolean {
  let on = true;
  for (const rule of config.packageRules) if (rule.enabled !== undefined && ruleMatches(rule, dep)) on = rule.enabled;
  return on;
}

/** The environments in promotion order: each after the one it promotes from. */
function promotionOrder(environments: readonly Environment[]): Environment[] {
  const order: Environment[] = [];
  const place = (env: Environment) => {
    if (order.includes(env)) return;
    const source = environments.find((e) => e.name === env.promotesFrom);
    if (source) place(source);
    order.push(env);
  };
  for (const env of environments) place(env);
  return order;
}

describe('Renovate and promotion', () => {
  const platform = loadPlatform(ENVIRONMENTS);
  const order = promotionOrder(platform.environments);

  it("bumps a pin only in the first environment (in promotion order) that runs it; the others get it by npm run promote", () => {
    const first = new Map<string, string>();
    for (const env of order) {
      for (const cluster of env.clusters) {
        for (const [key, pin] of clusterPins(cluster)) if (pin.inUse && !first.has(key)) first.set(key, env.name);
      }
    }
    let checked = 0;
    for (const env of order.filter((e) => e.promotesFrom !== undefined)) {
      const file = `environments/${env.name}.yaml`;
      for (const pin of pins.filter((p) => p.file === file)) {
        for (const dep of covering(pin, config.customManagers, texts.get(file)!)) {
          const kind = /k3sVersion/.test(dep.manager.description ?? '') ? 'vps.k3sVersion' : /kubernetesVersion/.test(dep.manager.description ?? '') ? 'kubernetesVersion' : undefined;
          const firstHere = kind !== undefined && first.get(kind) === env.name;
          expect(enabled({ depName: dep.depName, datasource: dep.datasource, file }), `${file}:${pin.line} ${pin.version}`).toBe(firstHere);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    // The first environment's pins (and defaults.yaml, which it inherits) stay on.
    for (const file of ['environments/defaults.yaml', `environments/${order[0]!.name}.yaml`]) {
      for (const pin of pins.filter((p) => p.file === file)) {
        for (const dep of covering(pin, config.customManagers, texts.get(file)!)) expect(enabled({ depName: dep.depName, datasource: dep.datasource, file }), `${file}:${pin.line}`).toBe(true);
      }
    }
  });
});
