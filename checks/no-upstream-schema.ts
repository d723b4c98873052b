/**
 * Kinds the gitops tree emits for which ../shared/schemas holds no upstream JSON Schema. They are
 * still built by kustomize and checked for secrets and pins; every other kind must validate.
 * Each entry says why; remove it once the schema is vendored.
 */
export const KINDS_WITHOUT_UPSTREAM_SCHEMA: Readonly<Record<string, string>> = {
  'gateway.envoyproxy.io/v1alpha1 EnvoyProxy': 'Envoy Gateway CRD: no schema vendored',
  'gateway.envoyproxy.io/v1alpha1 ClientTrafficPolicy': 'Envoy Gateway CRD: no schema vendored (tls.alpnProtocols as in envoyproxy/gateway api/v1alpha1 ClientTLSSettings)',
  'gateway.envoyproxy.io/v1alpha1 SecurityPolicy': 'Envoy Gateway CRD: no schema vendored (fields checked against envoyproxy/gateway api/v1alpha1/ext_auth_types.go)',
  'gateway.envoyproxy.io/v1alpha1 BackendTrafficPolicy':
    'Envoy Gateway CRD: no schema vendored (npm run check validates it against the CRD of the gateway-helm chart; RouteRateLimit types it by hand)',
  'gateway.envoyproxy.io/v1alpha1 EnvoyExtensionPolicy':
    'Envoy Gateway CRD: no schema vendored (npm run check validates it against the CRD of the gateway-helm chart; tests/charts/scale-to-zero.test.ts)',
  'gateway.envoyproxy.io/v1alpha1 EnvoyPatchPolicy':
    'Envoy Gateway CRD: no schema vendored (npm run check validates it against the CRD of the gateway-helm chart; tests/charts/scale-to-zero.test.ts)',
  'gateway.networking.k8s.io/v1 BackendTLSPolicy': 'only Gateway, GatewayClass, HTTPRoute and ReferenceGrant schemas are vendored',
  'postgresql.cnpg.io/v1 Cluster':
    'CloudNativePG: no schema vendored (the Database construct types it by hand; npm run check validates it against the CRD of the cloudnative-pg chart)',
  'postgresql.cnpg.io/v1 ScheduledBackup': 'CloudNativePG: no schema vendored (npm run check validates it against the CRD of the cloudnative-pg chart)',
  'barmancloud.cnpg.io/v1 ObjectStore':
    'CloudNativePG barman-cloud plugin: no schema vendored (the Database construct types it by hand; npm run check validates it against the CRD of the plugin-barman-cloud chart)',
  'redis.redis.opstreelabs.in/v1beta2 Redis':
    'Opstree Redis operator: no CRD or schema offline (the Cache construct types it by hand; fields checked against config/crd/bases/redis.redis.opstreelabs.in_redis.yaml)',
  'cilium.io/v2 CiliumClusterwideNetworkPolicy':
    'Cilium: cilium-operator registers its CRDs at start, the chart ships none, no schema offline (fields checked against the CRD and the deny-policy docs; tests/constructs/components/cilium-metadata-fence.test.ts)',
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy': 'the vendored Kubernetes 1.31 schema set has no validatingadmissionpolicy-admissionregistration-v1.json (CEL rules tested with cel-js)',
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding': 'the vendored Kubernetes 1.31 schema set has no validatingadmissionpolicybinding-admissionregistration-v1.json',
  'batch/v1 CronJob':
    'the vendored Kubernetes 1.31 schema set has no cronjob-batch-v1.json (npm run check validates the secrets server\'s configuration CronJob against the Kubernetes 1.34 built-ins and Pod Security restricted)',
  'storage.k8s.io/v1 StorageClass': 'the vendored Kubernetes 1.31 schema set has no storageclass-storage-v1.json',
  'apiextensions.k8s.io/v1 CustomResourceDefinition':
    'the vendored Kubernetes 1.31 schema set has no customresourcedefinition-apiextensions-v1.json (the system-upgrade-controller base ships its release\'s crd.yaml unchanged; npm run check validates Plans against it)',
  'upgrade.cattle.io/v1 Plan':
    'system-upgrade-controller: no schema in ../shared/schemas (npm run check validates the Plans against the vendored plans.upgrade.cattle.io CRD; tests/constructs/platform/system-upgrade.test.ts)',
};

/** For `checkGitopsTree({ allowMissingSchema })`. */
export function withoutUpstreamSchema(apiVersion: string, kind: string): boolean {
  return `${apiVersion} ${kind}` in KINDS_WITHOUT_UPSTREAM_SCHEMA;
}
