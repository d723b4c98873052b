/**
 * RBAC that exists in every cluster but is not in the gitops tree, as data, for the RBAC proof
 * (policy/rbac-proof.ts): what Kubernetes creates itself and what `flux install` creates. No
 * network at test time, so both are vendored here, each naming its upstream source.
 */

/** A Role, ClusterRole, RoleBinding or ClusterRoleBinding as plain data (apiVersion rbac.authorization.k8s.io/v1). */
export interface RbacObject {
  readonly kind: 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly rules?: readonly RbacRule[];
  readonly aggregationRule?: { readonly clusterRoleSelectors: readonly LabelSelector[] };
  readonly roleRef?: { readonly apiGroup?: string; readonly kind: string; readonly name: string };
  readonly subjects?: readonly { readonly kind: string; readonly name: string; readonly namespace?: string; readonly apiGroup?: string }[];
}

export interface RbacRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

// The Flux release whose RBAC is below is named in the next comment; a test holds it equal to
// FLUX_VERSION (charts/readme.ts), so a Flux bump fails until this data is rebuilt from that tag.

/**
 * Flux's RBAC as `flux install --version=v2.9.4 --namespace=flux-system` creates it: fluxcd/flux2
 * v2.9.4 manifests/rbac/controller.yaml, reconciler.yaml, edit.yaml and view.yaml, with the
 * `-flux-system` name suffix `flux install` adds (pkg/manifestgen/install/templates.go,
 * kustomizationRolesTmpl). `cluster-reconciler` binds kustomize- and helm-controller to
 * cluster-admin; `flux-edit` and `flux-view` aggregate Flux's API groups into admin, edit and view.
 * (manifests/rbac/resourquota.yaml, a ResourceQuota, carries no rights and is left out.)
 */
export const FLUX_INSTALL_RBAC: readonly RbacObject[] = [
  {kind: 'ClusterRole', metadata: {name: 'crd-controller-flux-system'}, rules: [{apiGroups: ['source.toolkit.fluxcd.io'], resources: ['*'], verbs: ['*']}, {apiGroups: ['kustomize.toolkit.fluxcd.io'], resources: ['*'], verbs: ['*']}, {apiGroups: ['helm.toolkit.fluxcd.io'], resources: ['*'], verbs: ['*']}, {apiGroups: ['notification.toolkit.fluxcd.io'], resources: ['*'], verbs: ['*']}, {apiGroups: ['image.toolkit.fluxcd.io'], resources: ['*'], verbs: ['*']}, {apiGroups: ['source.extensions.fluxcd.io'], resources: ['*'], verbs: ['*']}, {apiGroups: [''], resources: ['namespaces', 'secrets', 'configmaps', 'serviceaccounts'], verbs: ['get', 'list', 'watch']}, {apiGroups: [''], resources: ['events'], verbs: ['create', 'patch']}, {apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']}, {apiGroups: [''], resources: ['configmaps/status'], verbs: ['get', 'update', 'patch']}, {apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']}, {apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create']}, {nonResourceURLs: ['/livez/ping'], verbs: ['head']}]},
  {kind: 'ClusterRoleBinding', metadata: {name: 'crd-controller-flux-system'}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'crd-controller-flux-system'}, subjects: [{kind: 'ServiceAccount', name: 'kustomize-controller', namespace: 'flux-system'}, {kind: 'ServiceAccount', name: 'helm-controller', namespace: 'flux-system'}, {kind: 'ServiceAccount', name: 'source-controller', namespace: 'flux-system'}, {kind: 'ServiceAccount', name: 'notification-controller', namespace: 'flux-system'}, {kind: 'ServiceAccount', name: 'image-reflector-controller', namespace: 'flux-system'}, {kind: 'ServiceAccount', name: 'image-automation-controller', namespace: 'flux-system'}, {kind: 'ServiceAccount', name: 'source-watcher', namespace: 'flux-system'}]},
  {kind: 'ClusterRoleBinding', metadata: {name: 'cluster-reconciler-flux-system'}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin'}, subjects: [{kind: 'ServiceAccount', name: 'kustomize-controller', namespace: 'flux-system'}, {kind: 'ServiceAccount', name: 'helm-controller', namespace: 'flux-system'}]},
  {kind: 'ClusterRole', metadata: {name: 'flux-edit-flux-system', labels: {'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true'}}, rules: [{apiGroups: ['notification.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io', 'source.extensions.fluxcd.io', 'helm.toolkit.fluxcd.io', 'image.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io'], resources: ['*'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update']}]},
  {kind: 'ClusterRole', metadata: {name: 'flux-view-flux-system', labels: {'rbac.authorization.k8s.io/aggregate-to-admin': 'true', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-view': 'true'}}, rules: [{apiGroups: ['notification.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io', 'source.extensions.fluxcd.io', 'helm.toolkit.fluxcd.io', 'image.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io'], resources: ['*'], verbs: ['get', 'list', 'watch']}]},
];

/**
 * Kubernetes' user-facing default ClusterRoles (and the aggregated pieces they are made of), from
 * kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml
 * (the snapshot read: commit 025f2834a128798cef30018a5e6a6ae82b5ad885). `admin`, `edit` and `view`
 * are aggregated ClusterRoles (their rules are filled in by the aggregation controller from every
 * ClusterRole with the matching label, charts' and Flux's included); the rules below are those of
 * system:aggregate-to-admin/-edit/-view. The snapshot is newer than 1.34: its `edit` also grants
 * coordination.k8s.io leases, which does not change any check here (leases are namespaced and
 * inside the tenant's own namespace).
 */
export const KUBERNETES_DEFAULT_ROLES: readonly RbacObject[] = [
  { kind: 'ClusterRole', metadata: { name: 'cluster-admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }] },
  { kind: 'ClusterRole', metadata: { name: 'admin' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }] } },
  { kind: 'ClusterRole', metadata: { name: 'edit', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }] } },
  { kind: 'ClusterRole', metadata: { name: 'view', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] } },
  {
    kind: 'ClusterRole',
    metadata: { name: 'system:aggregate-to-admin', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
    ],
  },
  {
    kind: 'ClusterRole',
    metadata: { name: 'system:aggregate-to-edit', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
    rules: [
      { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      { apiGroups: [''], resources: ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
      { apiGroups: ['extensions'], resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
    ],
  },
  {
    kind: 'ClusterRole',
    metadata: { name: 'system:aggregate-to-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
    rules: [
      { apiGroups: [''], resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['batch'], resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['extensions'], resources: ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingresses/status', 'networkpolicies'], verbs: ['get', 'list', 'watch'] },
    ],
  },
];
