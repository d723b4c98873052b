export { HelmApp, HELM_CREATE_SECURITY_KEYS, RESTRICTED_CONTAINER_SECURITY_CONTEXT, RESTRICTED_POD_SECURITY_CONTEXT, type HelmAppChart, type HelmAppProps, type SecurityContextKeys } from './helm-app';
export { KustomizeApp, type KustomizeAppProps } from './kustomize-app';
export { StatefulApp, type StatefulAppProps } from './stateful-app';
export { checkPinnedImage } from './image';
export type { AppWorkloadProps, WorkloadResources } from './workload';
