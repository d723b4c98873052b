/**
 * A cluster's first day, after its stacks are deployed: the steps gitops/README.md lists, run in
 * order with a check after each (`npm run bootstrap -- <cluster>`; `--dry-run` prints them).
 *
 * 1. kubeconfig from the cluster stack's outputs (`terraform output -json` in its folder of
 *    cdktf.out/stacks): OKE runs the `kubeconfig_command` output into our own file; k3s reads
 *    /etc/rancher/k3s/k3s.yaml from the first control-plane node over SSH and points it at
 *    `api_endpoint`. Check: the API answers and lists its nodes.
 * 2. Flux: `flux check --pre`, `flux install` with the version and settings the tree is written
 *    for, `flux check`.
 * 3. The sops-age Secret from `--age-key <file>`, checked against the cluster's sops.ageRecipients
 *    (its contents go to kubectl's standard input only: never an argument, never printed).
 * 4. The cluster-settings ConfigMap from the `cluster_settings` output (every key present).
 * 5. The sync: `kubectl apply -k <gitops>/clusters/<cluster>/flux-system` (the multi-tenancy lockdown).
 * 6. Waits for each Flux layer in install order (`kubectl wait`, with a timeout), then prints the
 *    readiness summary `npm run status` prints.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { FLUX_VERSION } from '../charts/readme';
import { CLUSTER_SETTINGS_KEYS } from '../config/cluster-settings';
import type { Cluster } from '../config/load';
import { FLUX_DEFAULTS } from '../constructs/flux/defaults';
import { stackName } from '../stacks/names';
import { ageRecipients } from './age';
import { findCluster, printOutput, readinessOf, type OperationOutput } from './cluster';
import { READINESS_GROUPS, LAYER_KUSTOMIZATIONS, formatReadiness } from './readiness';
import { must, OperationRefused, systemTools, type ToolCall, type ToolRunner } from './tools';

export interface BootstrapOptions {
  /** The project root (environments/, cdktf.out/, gitops/). */
  readonly root: string;
  /** The cluster, by its name in environments/. */
  readonly cluster: string;
  /** The cluster's age key file (`age-keygen` output). Required unless dryRun. */
  readonly ageKeyFile?: string;
  /** Use this kubeconfig instead of making one from the stack's outputs. @default .kube/<cluster>.yaml, written by step 1 */
  readonly kubeconfig?: string;
  /** Print the steps and run nothing. @default false */
  readonly dryRun?: boolean;
  /** How long to wait for each Flux layer (kubectl wait --timeout). @default 20m */
  readonly timeout?: string;
  /** Runs kubectl, flux, terraform, ssh and oci. @default the executables on PATH */
  readonly run?: ToolRunner;
  /** Where the steps and the summary go. @default standard output and standard error */
  readonly output?: OperationOutput;
}

/** Exit code of a bootstrap or status whose cluster is not (yet) ready. */
export const NOT_READY_EXIT = 3;

/** Where bootstrap writes a cluster's kubeconfig, relative to the project root (git-ignored). */
export function defaultKubeconfig(cluster: string): string {
  return join('.kube', `${cluster}.yaml`);
}

const TIMEOUT = /^\d+(s|m|h)$/;
const KUSTOMIZATIONS = 'kustomizations.kustomize.toolkit.fluxcd.io';

/**
 * How the Secret and the ConfigMap are applied: server-side, so no last-applied-configuration
 * annotation keeps a second copy of the age key, and repeatable (a second run updates them).
 */
const APPLY = ['apply', '--server-side', '--field-manager=cheapk8s-bootstrap', '--force-conflicts'];

/** The k3s server's own kubeconfig, on every control-plane node. */
const K3S_KUBECONFIG = '/etc/rancher/k3s/k3s.yaml';

type Outputs = Record<string, { value: unknown }>;

/** The `oci ce cluster create-kubeconfig ...` output, writing to `file` instead of ~/.kube/config. */
function okeKubeconfigCall(command: unknown, file: string): ToolCall {
  const args = typeof command === 'string' ? command.trim().split(/\s+/) : [];
  if (args.slice(0, 4).join(' ') !== 'oci ce cluster create-kubeconfig') {
    throw new OperationRefused(`the kubeconfig_command output is not an "oci ce cluster create-kubeconfig" command: ${String(command)}`);
  }
  const at = args.indexOf('--file');
  const rest = at < 0 ? args.slice(1) : [...args.slice(1, at), ...args.slice(at + 2)];
  return { tool: 'oci', args: [...rest, '--file', file] };
}

/** The cluster_settings output as ConfigMap data: exactly CLUSTER_SETTINGS_KEYS, each a non-empty string. */
function clusterSettings(outputs: Outputs, stack: string): Record<string, string> {
  const value = outputs.cluster_settings?.value;
  if (typeof value !== 'object' || value === null) throw new OperationRefused(`${stack} has no cluster_settings output: deploy it first (npm run deploy -- ${stack})`);
  const settings = value as Record<string, unknown>;
  const missing = CLUSTER_SETTINGS_KEYS.filter((k) => typeof settings[k] !== 'string' || settings[k] === '');
  if (missing.length > 0) throw new OperationRefused(`${stack}'s cluster_settings output lacks ${missing.join(', ')} (config/cluster-settings.ts): apply the stack again`);
  return Object.fromEntries(CLUSTER_SETTINGS_KEYS.map((k) => [k, settings[k] as string]));
}

interface Step {
  readonly title: string;
  /** The commands and checks, for --dry-run and as the step's log. */
  readonly plan: readonly string[];
}

/** The steps for `cluster`, as --dry-run prints them. */
function steps(cluster: Cluster, stackDir: string, kubeconfig: string, ownKubeconfig: boolean, timeout: string): Step[] {
  const ns = FLUX_DEFAULTS.fluxNamespace;
  const k = `kubectl --kubeconfig ${kubeconfig}`;
  const oke = cluster.provider === 'oci-oke';
  const stack = stackName(cluster, 'cluster');
  const gitops = join(cluster.gitopsPath.replace(/^\.\//, ''), 'flux-system');
  return [
    {
      title: `kubeconfig from the outputs of ${stack}`,
      plan: [
        `terraform output -json   (in ${stackDir}; outputs ${oke ? 'kubeconfig_command' : 'control_plane_public_ips, api_endpoint'}, cluster_settings)`,
        ...(ownKubeconfig
          ? [`(kubeconfig given: ${kubeconfig})`]
          : oke
            ? [`oci ce cluster create-kubeconfig ... --file ${kubeconfig}   (the kubeconfig_command output, into this file)`]
            : [`ssh root@<first control_plane_public_ips> cat ${K3S_KUBECONFIG} > ${kubeconfig}   (mode 0600; server: the api_endpoint output)`]),
        `check: ${k} get nodes -o json   (the API answers; nodes listed with their readiness)`,
      ],
    },
    {
      title: `Flux ${FLUX_VERSION}`,
      plan: [
        `flux check --pre --kubeconfig ${kubeconfig}`,
        `flux install --version=${FLUX_VERSION} --namespace=${ns} --network-policy=true --kubeconfig ${kubeconfig}`,
        `check: flux check --kubeconfig ${kubeconfig}`,
      ],
    },
    {
      title: `Secret ${ns}/${FLUX_DEFAULTS.sopsSecretName} from the age key file`,
      plan: [
        `check: the key file's recipient is one of sops.ageRecipients (${cluster.sops.ageRecipients.join(', ')})`,
        `${k} ${APPLY.join(' ')} -f -   (Secret ${FLUX_DEFAULTS.sopsSecretName}, key age.agekey; the key goes to standard input only)`,
      ],
    },
    {
      title: `ConfigMap ${ns}/${FLUX_DEFAULTS.clusterSettingsName} from the cluster_settings output`,
      plan: [`check: cluster_settings has ${CLUSTER_SETTINGS_KEYS.join(', ')}`, `${k} ${APPLY.join(' ')} -f -   (ConfigMap ${FLUX_DEFAULTS.clusterSettingsName})`],
    },
    { title: 'the sync and the multi-tenancy lockdown', plan: [`${k} apply -k ${gitops}`] },
    {
      title: `wait for the Flux layers (each up to ${timeout})`,
      plan: Object.values(LAYER_KUSTOMIZATIONS).map((name) => `${k} -n ${ns} wait ${KUSTOMIZATIONS}/${name} --for=condition=Ready --timeout=${timeout}   (after --for=create)`),
    },
    {
      title: `readiness summary (${READINESS_GROUPS.join(', ')})`,
      plan: [`${k} get ${KUSTOMIZATIONS} -A -o json`, `${k} get helmreleases.helm.toolkit.fluxcd.io -A -o json`],
    },
  ];
}

/**
 * Runs (or with dryRun prints) the first-day steps of one cluster. Returns the exit code: 0 the
 * cluster is ready, NOT_READY_EXIT a layer did not become ready in time (the summary says which),
 * and throws OperationRefused or ToolFailed (exit 1: nothing after the failing step ran).
 */
export async function runBootstrap(options: BootstrapOptions): Promise<number> {
  const out = options.output ?? printOutput;
  const run = options.run ?? systemTools(options.root);
  const timeout = options.timeout ?? '20m';
  if (!TIMEOUT.test(timeout)) throw new OperationRefused(`--timeout ${timeout} must be a duration such as 90s, 20m or 1h`);
  const cluster = findCluster(options.root, options.cluster);
  const stack = stackName(cluster, 'cluster');
  const stackDir = join(options.root, 'cdktf.out', 'stacks', stack);
  const shown = (path: string) => (isAbsolute(path) && !relative(options.root, path).startsWith('..') ? relative(options.root, path) : path);
  const kubeconfig = options.kubeconfig ?? defaultKubeconfig(cluster.name);
  const kubeconfigPath = isAbsolute(kubeconfig) ? kubeconfig : join(options.root, kubeconfig);
  const plan = steps(cluster, shown(stackDir), kubeconfig, options.kubeconfig !== undefined, timeout);

  if (options.dryRun) {
    out.stdout(`bootstrap ${cluster.name} (${cluster.provider}), dry run: nothing runs\n`);
    plan.forEach((step, i) => out.stdout(`${i + 1}. ${step.title}\n${step.plan.map((l) => `   ${l}\n`).join('')}`));
    return 0;
  }

  // Everything that can be refused without touching the cluster is checked first.
  if (!options.ageKeyFile) throw new OperationRefused('--age-key <file> is required: the cluster\'s age private key, for the sops-age Secret');
  if (!existsSync(options.ageKeyFile)) throw new OperationRefused(`--age-key ${options.ageKeyFile}: no such file`);
  const ageKey = readFileSync(options.ageKeyFile, 'utf8');
  let recipients: readonly string[];
  try {
    recipients = ageRecipients(ageKey).recipients;
  } catch (error) {
    throw new OperationRefused(`--age-key ${options.ageKeyFile}: ${(error as Error).message}`);
  }
  const wanted = cluster.sops.ageRecipients;
  if (!recipients.some((r) => wanted.includes(r))) {
    throw new OperationRefused(
      `--age-key ${options.ageKeyFile} is the key of ${recipients.join(', ')}, which is not among ${cluster.name}'s sops.ageRecipients (${wanted.join(', ')}): Flux could not decrypt the cluster's secrets with it`,
    );
  }
  if (!existsSync(stackDir)) throw new OperationRefused(`${shown(stackDir)} does not exist: deploy the cluster first (npm run deploy -- ${stack})`);

  const step = (i: number) => out.stdout(`${i + 1}. ${plan[i]!.title}\n`);
  const ok = (text: string) => out.stdout(`   ok: ${text}\n`);
  const kubectl = (args: string[], input?: string): ToolCall => ({ tool: 'kubectl', args: ['--kubeconfig', kubeconfigPath, ...args], input });
  const ns = FLUX_DEFAULTS.fluxNamespace;

  // 1. kubeconfig
  step(0);
  const outputs = JSON.parse(must(run, { tool: 'terraform', args: ['output', '-json'], cwd: stackDir }, `outputs of ${stack}`)) as Outputs;
  const settings = clusterSettings(outputs, stack);
  if (options.kubeconfig === undefined) {
    mkdirSync(dirname(kubeconfigPath), { recursive: true });
    if (cluster.provider === 'oci-oke') {
      must(run, okeKubeconfigCall(outputs.kubeconfig_command?.value, kubeconfigPath), 'kubeconfig from kubeconfig_command');
    } else {
      const ips = outputs.control_plane_public_ips?.value;
      const endpoint = outputs.api_endpoint?.value;
      if (!Array.isArray(ips) || typeof ips[0] !== 'string' || typeof endpoint !== 'string') {
        throw new OperationRefused(`${stack} lacks the control_plane_public_ips or api_endpoint output: deploy it first (npm run deploy -- ${stack})`);
      }
      const k3s = must(
        run,
        { tool: 'ssh', args: ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', `root@${ips[0]}`, 'cat', K3S_KUBECONFIG] },
        `${K3S_KUBECONFIG} from ${ips[0]} (SSH from one of network.adminCidrs)`,
      );
      if (!/server: https:\/\/127\.0\.0\.1:6443/.test(k3s)) throw new OperationRefused(`${K3S_KUBECONFIG} on ${ips[0]} does not look like k3s' kubeconfig (no server: https://127.0.0.1:6443)`);
      writeFileSync(kubeconfigPath, k3s.replace(/server: https:\/\/127\.0\.0\.1:6443/g, `server: ${endpoint}`), { mode: 0o600 });
      chmodSync(kubeconfigPath, 0o600);
    }
  }
  const nodes = (JSON.parse(must(run, kubectl(['get', 'nodes', '-o', 'json']), 'the cluster API')) as { items?: { status?: { conditions?: { type: string; status: string }[] } }[] }).items ?? [];
  const readyNodes = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  if (nodes.length === 0) throw new OperationRefused('the cluster API lists no nodes yet: wait for them to join, then run bootstrap again');
  ok(`${kubeconfig}; ${nodes.length} node(s), ${readyNodes} ready`);

  // 2. Flux
  step(1);
  const flux = (args: string[]): ToolCall => ({ tool: 'flux', args: [...args, '--kubeconfig', kubeconfigPath] });
  must(run, flux(['check', '--pre']), 'Flux prerequisites');
  must(run, flux(['install', `--version=${FLUX_VERSION}`, `--namespace=${ns}`, '--network-policy=true']), 'flux install');
  must(run, flux(['check']), 'Flux controllers');
  ok(`Flux ${FLUX_VERSION} installed in ${ns}`);

  // 3. sops-age
  step(2);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: FLUX_DEFAULTS.sopsSecretName, namespace: ns },
    type: 'Opaque',
    data: { 'age.agekey': Buffer.from(ageKey).toString('base64') },
  };
  must(run, kubectl([...APPLY, '-f', '-'], JSON.stringify(secret)), `Secret ${FLUX_DEFAULTS.sopsSecretName}`);
  ok(`Secret ${ns}/${FLUX_DEFAULTS.sopsSecretName} (recipient ${recipients.find((r) => wanted.includes(r))})`);

  // 4. cluster-settings
  step(3);
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: FLUX_DEFAULTS.clusterSettingsName, namespace: ns }, data: settings };
  must(run, kubectl([...APPLY, '-f', '-'], JSON.stringify(configMap)), `ConfigMap ${FLUX_DEFAULTS.clusterSettingsName}`);
  ok(`ConfigMap ${ns}/${FLUX_DEFAULTS.clusterSettingsName}: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(' ')}`);

  // 5. sync
  step(4);
  const syncDir = join(options.root, cluster.gitopsPath, 'flux-system');
  if (!existsSync(syncDir)) throw new OperationRefused(`${shown(syncDir)} does not exist: run npm run synth and commit gitops/`);
  must(run, kubectl(['apply', '-k', syncDir]), 'the sync');
  ok(`applied ${shown(syncDir)}`);

  // 6. wait, layer by layer: a layer that times out ends the wait (the next ones wait for it).
  step(5);
  let timedOut: string | undefined;
  for (const name of Object.values(LAYER_KUSTOMIZATIONS)) {
    const target = `${KUSTOMIZATIONS}/${name}`;
    for (const condition of ['create', 'condition=Ready']) {
      const result = run(kubectl(['-n', ns, 'wait', target, `--for=${condition}`, `--timeout=${timeout}`]));
      if (result.status !== 0) {
        timedOut = `${name} (${condition === 'create' ? 'not created' : 'not ready'} within ${timeout})`;
        break;
      }
    }
    if (timedOut) break;
    ok(`${name} ready`);
  }

  // 7. summary
  step(6);
  const readiness = readinessOf(run, cluster.name, kubeconfigPath);
  out.stdout(formatReadiness(readiness));
  if (timedOut) out.stderr(`bootstrap: stopped waiting at ${timedOut}; npm run status -- ${cluster.name} shows the state later.\n`);
  return readiness.ready && !timedOut ? 0 : NOT_READY_EXIT;
}
