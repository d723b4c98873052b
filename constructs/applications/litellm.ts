import { ScaleToZero } from './scale-to-zero';
import * as kplus from 'cdk8s-plus-30';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import type { LiteLlmModelSettings } from '../../config/schema';
import { WORKLOAD_IMAGE_PINS } from '../../config/application-catalogue';
import { checkPinnedImage, type PinnedImageOptions } from '../apps/image';
import { assertDnsLabel } from '../flux/names';

export interface LiteLlmProps {
  /** Namespace (made by ApplicationNamespace). */
  readonly namespace: string;
  /**
   * Image pinned by a full version tag, e.g. ghcr.io/berriai/litellm:v1.83.10-stable (not main-stable
   * or main-latest, which move), or by a `@sha256:` digest (LiteLlm.imagePin).
   */
  readonly image: string;
  /** Secret with the database login CloudNativePG generates (key `uri`, a postgresql:// URL). */
  readonly databaseSecret: string;
  /** Secret with key LITELLM_MASTER_KEY (the admin key, sk-...). */
  readonly masterKeySecret: string;
  /** Secret whose keys are the providers' API keys, each named as a model's `apiKey` says. */
  readonly providerKeysSecret: string;
  /**
   * The models the gateway offers.
   * @default []
   */
  readonly models?: readonly LiteLlmModelSettings[];
  /**
   * Sleep when idle: the Deployment carries Sablier's labels with this group (ScaleToZero) and leaves
   * `spec.replicas` to Sablier.
   * @default - always up, one replica
   */
  readonly scaleToZeroGroup?: string;
  /**
   * Memory request and limit of the proxy.
   * @default { request: '256Mi', limit: '1Gi' }
   */
  readonly memory?: { readonly request: string; readonly limit: string };
}

/**
 * LiteLLM, the AI gateway, as a cdk8s-plus workload (its chart could not be brought offline): a
 * ConfigMap with the proxy's config.yaml (the models from config, each with its provider API key as
 * `os.environ/<apiKey>`; the master key and the database from the environment), a Deployment of the
 * proxy on port 4000 with its keys from SOPS Secrets (the provider keys as environment variables by
 * envFrom, only the names the models use) and its spend and key store in its CloudNativePG database,
 * probes on /health/liveliness and /health/readiness, and a Service. Runs as uid 1000, non-root, no
 * privilege escalation, all capabilities dropped, RuntimeDefault seccomp; HOME and the temporary
 * files on an emptyDir.
 */
export class LiteLlm extends Construct {
  /** Name of the Deployment and the Service. */
  static readonly serviceName = 'litellm';
  /** HTTP port. */
  static readonly port = 4000;
  /** The form the image reference must take (checkPinnedImage): a full version tag or a digest. */
  static readonly imagePin: PinnedImageOptions = WORKLOAD_IMAGE_PINS.litellm;
  /** The Deployment (for tests and escape hatches). */
  readonly deployment: kplus.Deployment;

  constructor(scope: Construct, id: string, props: LiteLlmProps) {
    super(scope, id);
    assertDnsLabel('LiteLLM namespace', props.namespace);
    checkPinnedImage(`LiteLLM ${id}`, 'image', props.image, LiteLlm.imagePin);
    const models = props.models ?? [];
    const names = new Set<string>();
    for (const model of models) {
      if (names.has(model.name)) throw new Error(`LiteLLM: model ${model.name} is listed twice`);
      names.add(model.name);
      if (!/^[A-Z][A-Z0-9_]*$/.test(model.apiKey)) throw new Error(`LiteLLM: model ${model.name}: apiKey ${model.apiKey} must be an environment variable name`);
    }
    const memory = props.memory ?? { request: '256Mi', limit: '1Gi' };
    const metadata = { name: LiteLlm.serviceName, namespace: props.namespace };
    const config = {
      model_list: models.map((m) => ({ model_name: m.name, litellm_params: { model: m.model, api_key: `os.environ/${m.apiKey}` } })),
      general_settings: { master_key: 'os.environ/LITELLM_MASTER_KEY', database_url: 'os.environ/DATABASE_URL' },
      litellm_settings: { drop_params: true },
    };
    const configMap = new kplus.ConfigMap(this, 'config', { metadata, data: { 'config.yaml': stringify(config) } });
    const secret = (name: string) => kplus.Secret.fromSecretName(this, `secret-${name}`, name);
    const env: Record<string, kplus.EnvValue> = {
      DATABASE_URL: kplus.EnvValue.fromSecretValue({ secret: secret(props.databaseSecret), key: 'uri' }),
      LITELLM_MASTER_KEY: kplus.EnvValue.fromSecretValue({ secret: secret(props.masterKeySecret), key: 'LITELLM_MASTER_KEY' }),
      HOME: kplus.EnvValue.fromValue('/tmp'),
    };
    const providerKeys = secret(props.providerKeysSecret);
    for (const key of [...new Set(models.map((m) => m.apiKey))].sort()) env[key] = kplus.EnvValue.fromSecretValue({ secret: providerKeys, key });
    const configVolume = kplus.Volume.fromConfigMap(this, 'config-volume', configMap, { name: 'config' });
    const tmpVolume = kplus.Volume.fromEmptyDir(this, 'tmp-volume', 'tmp');

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata,
      replicas: 1,
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: 1000, group: 1000, fsGroup: 1000 },
      containers: [
        {
          name: 'litellm',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          args: ['--config', '/app/config/config.yaml', '--port', String(LiteLlm.port)],
          portNumber: LiteLlm.port,
          envVariables: env,
          securityContext: {
            ensureNonRoot: true,
            user: 1000,
            group: 1000,
            readOnlyRootFilesystem: false,
            allowPrivilegeEscalation: false,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          resources: {
            cpu: { request: kplus.Cpu.millis(50) },
            memory: { request: Size.mebibytes(mebibytes(memory.request)), limit: Size.mebibytes(mebibytes(memory.limit)) },
          },
          startup: kplus.Probe.fromHttpGet('/health/liveliness', { port: LiteLlm.port, failureThreshold: 30, periodSeconds: Duration.seconds(10) }),
          liveness: kplus.Probe.fromHttpGet('/health/liveliness', { port: LiteLlm.port, periodSeconds: Duration.seconds(30) }),
          readiness: kplus.Probe.fromHttpGet('/health/readiness', { port: LiteLlm.port }),
          volumeMounts: [
            { volume: configVolume, path: '/app/config' },
            { volume: tmpVolume, path: '/tmp' },
          ],
        },
      ],
    });
    if (props.scaleToZeroGroup) {
      for (const [key, value] of Object.entries(ScaleToZero.labels(props.scaleToZeroGroup))) this.deployment.metadata.addLabel(key, value);
      // Sablier owns the replica count; with it in the manifest Flux would set it back and wake the application.
      ApiObject.of(this.deployment).addJsonPatch(JsonPatch.remove('/spec/replicas'));
    }
    new kplus.Service(this, 'service', { metadata, selector: this.deployment, ports: [{ name: 'http', port: LiteLlm.port, targetPort: LiteLlm.port }] });
  }
}

/** Mebibytes of a `<n>Mi` or `<n>Gi` quantity. */
function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`memory ${quantity} must be like 256Mi or 1Gi`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}
