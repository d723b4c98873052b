import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TERRAFORM_MIN } from '../../cli/doctor/terraform';
import { CLUSTER_SETTINGS_CONFIGMAP, CLUSTER_SETTINGS_KEYS } from '../../config/cluster-settings';
import { OCI_FREE_TIER, OKE_DEFAULT_BOOT_VOLUME_GB } from '../../config/rules';
import { FLUX_DEFAULTS } from '../../constructs/flux/defaults';
import { IMMUTABLE_SERVER_ARGUMENTS } from '../../constructs/vps/adapter';
import { ROOT } from '../support/environments';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const text = read('docs/troubleshooting.md');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');

describe('docs/troubleshooting.md', () => {
  it('covers each known trap, and its table of contents points at real sections', () => {
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    for (const topic of [/Out of host capacity/, /Always Free limits/, /Terraform state bootstrap/, /Flux bootstrap order/, /cluster-settings/, /SOPS age keys/, /k3s token/]) {
      expect(headings.some((h) => topic.test(h)), String(topic)).toBe(true);
    }
    const anchors = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(anchors.sort()).toEqual(headings.map(slug).sort());
  });

  it('quotes the free-tier limits and rule names config/rules.ts enforces', () => {
    const rules = read('config/rules.ts');
    expect(text).toContain(`\`${OCI_FREE_TIER.shape}\` only`);
    expect(text).toMatch(new RegExp(`OCPUs, all pools together \\| ${OCI_FREE_TIER.ocpus} \\|`));
    expect(text).toMatch(new RegExp(`memory, all pools together \\| ${OCI_FREE_TIER.memoryGb} GB \\|`));
    expect(text).toMatch(new RegExp(`\\(${OKE_DEFAULT_BOOT_VOLUME_GB} GB each when not set\\) \\| ${OCI_FREE_TIER.blockStorageGb} GB \\|`));
    expect(text).toMatch(new RegExp(`load balancers \\| ${OCI_FREE_TIER.loadBalancers} `));
    for (const [, rule] of text.matchAll(/`(free-tier-[a-z-]+)`/g)) expect(rules, rule).toContain(`'${rule}'`);
  });

  it('names the Secret, ConfigMap, keys and outputs the code uses', () => {
    expect(text).toContain(`Secret \`${FLUX_DEFAULTS.sopsSecretName}\` in \`${FLUX_DEFAULTS.fluxNamespace}\``);
    expect(text).toContain(`create secret generic ${FLUX_DEFAULTS.sopsSecretName}`);
    expect(text).toContain(`\`${CLUSTER_SETTINGS_CONFIGMAP.name}\` ConfigMap in \`${CLUSTER_SETTINGS_CONFIGMAP.namespace}\``);
    expect(text).toContain(`create configmap ${CLUSTER_SETTINGS_CONFIGMAP.name}`);
    expect(text).toContain(CLUSTER_SETTINGS_KEYS.map((k) => `\`${k}\``).join(', '));
    expect(read('stacks/vps/cluster-stack.ts')).toContain("'k3s_token'");
    expect(read('stacks/oci/cluster-stack.ts')).toContain("'kubeconfig_command'");
    expect(read('stacks/state-stack.ts')).toContain('state-bootstrap.tfstate');
    expect(IMMUTABLE_SERVER_ARGUMENTS).toContain('user_data');
    expect(text).toContain(`${TERRAFORM_MIN.major}.${TERRAFORM_MIN.minor} and later`);
  });

  it('links only to files that exist', () => {
    for (const file of ['docs/troubleshooting.md', 'docs/README.md']) {
      for (const [, target] of read(file).matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)) {
        if (/^https?:/.test(target!)) continue;
        expect(existsSync(join(ROOT, dirname(file), target!)), `${file} -> ${target}`).toBe(true);
      }
    }
    for (const path of [...text.matchAll(/\b((?:config|constructs|stacks)\/[\w/-]+\.ts)\b/g)].map((m) => m[1]!)) {
      expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
  });
});
