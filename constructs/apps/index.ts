export { HelmApp, type HelmAppChart, type HelmAppProps } from './helm-app';
export { KustomizeApp, type KustomizeAppProps } from './kustomize-app';
export { StatefulApp, type StatefulAppProps } from './stateful-app';
export { checkPinnedImage } from './image';
export type { AppWorkloadProps, WorkloadResources } from './workload';
