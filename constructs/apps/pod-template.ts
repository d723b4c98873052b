import { k8s } from 'cdk8s-plus-30';
import { PROBE_TIMING, type ResolvedWorkload } from './workload';

/**
 * The hardened pod template shared by `KustomizeApp` and `StatefulApp`, so both templates meet
 * Pod Security `restricted` the same way:
 *
 * - pod: `runAsNonRoot`, explicit uid/gid, `fsGroup` (changed only on root mismatch),
 *   `seccompProfile: RuntimeDefault`, no service account token, no service links;
 * - container: no privilege escalation, not privileged, every capability dropped, seccomp
 *   RuntimeDefault (repeated so a container-level check passes too), read-only root filesystem,
 *   `emptyDir` volumes on `writablePaths`, requests and limits, startup/readiness/liveness probes
 *   on the app port (TCP, or HTTP GET on `healthCheckPath`).
 *
 * `extraMounts` are mounts of volumes the caller provides (e.g. a volumeClaimTemplate).
 */
export function hardenedPodTemplate(
  app: ResolvedWorkload,
  portName: string,
  extraMounts: readonly k8s.VolumeMount[] = [],
): k8s.PodTemplateSpec {
  const probe = (timing: { readonly periodSeconds: number; readonly failureThreshold: number }): k8s.Probe => ({
    ...(app.healthCheckPath
      ? { httpGet: { path: app.healthCheckPath, port: k8s.IntOrString.fromString(portName) } }
      : { tcpSocket: { port: k8s.IntOrString.fromString(portName) } }),
    periodSeconds: timing.periodSeconds,
    failureThreshold: timing.failureThreshold,
  });
  const seccompProfile = { type: 'RuntimeDefault' };

  return {
    metadata: { labels: { ...app.labels } },
    spec: {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: app.runAsUser,
        runAsGroup: app.runAsGroup,
        fsGroup: app.fsGroup,
        fsGroupChangePolicy: 'OnRootMismatch',
        seccompProfile,
      },
      containers: [
        {
          name: app.name,
          image: app.image,
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: portName, containerPort: app.port, protocol: 'TCP' }],
          env: nonEmpty(app.env.map((variable) => ({ ...variable }))),
          envFrom: nonEmpty(app.envFrom.map((source) => ({ ...source }))),
          resources: {
            requests: { cpu: k8s.Quantity.fromString(app.requests.cpu), memory: k8s.Quantity.fromString(app.requests.memory) },
            limits: { cpu: k8s.Quantity.fromString(app.limits.cpu), memory: k8s.Quantity.fromString(app.limits.memory) },
          },
          securityContext: {
            runAsNonRoot: true,
            runAsUser: app.runAsUser,
            runAsGroup: app.runAsGroup,
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: app.readOnlyRootFilesystem,
            capabilities: { drop: ['ALL'] },
            seccompProfile,
          },
          startupProbe: probe(PROBE_TIMING.startup),
          readinessProbe: probe(PROBE_TIMING.readiness),
          livenessProbe: probe(PROBE_TIMING.liveness),
          volumeMounts: nonEmpty([...extraMounts, ...app.writable.map(({ volume, path }) => ({ name: volume, mountPath: path }))]),
        },
      ],
      volumes: nonEmpty(app.writable.map(({ volume }) => ({ name: volume, emptyDir: {} }))),
    },
  };
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}
