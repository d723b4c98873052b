import { describe, expect, it } from 'vitest';
import type { PodSecurityLevel } from '../../config/pod-security-level';
import {
  namespaceEnforceLevel,
  podSecurityFindings,
  podSecurityViolations,
  podTemplateOf,
  POD_SECURITY_CONTROLS,
} from '../../policy/pod-security';
import type { ClusterRender, RenderedObject } from '../../render/types';

type Json = Record<string, unknown>;

/** A container that meets restricted on its own. */
const tight = (name = 'app', extra: Json = {}): Json => ({
  name,
  image: 'ghcr.io/example/app:1.0.0',
  securityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    ...extra,
  },
});

/** A Pod whose spec is `spec` (containers default to one tight container). */
const pod = (spec: Json = {}, metadata: Json = {}): Json => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'apps', ...metadata },
  spec: { containers: [tight()], ...spec },
});

const deployment = (podSpec: Json, podMeta: Json = {}, name = 'web', namespace = 'apps'): Json => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name }, ...podMeta }, spec: podSpec } },
});

const controls = (object: Json, level: PodSecurityLevel) => podSecurityViolations(object, level).map((v) => v.control);
const paths = (object: Json, level: PodSecurityLevel, control: string) =>
  podSecurityViolations(object, level)
    .filter((v) => v.control === control)
    .map((v) => v.path);

/** For a baseline control: the pod fails baseline on it (and restricted too), the quiet pod does not. */
function baselineCase(control: string, firing: Json, quiet: Json, path: string) {
  expect(paths(firing, 'baseline', control)).toContain(path);
  expect(controls(firing, 'privileged')).toEqual([]);
  expect(controls(quiet, 'baseline')).not.toContain(control);
  expect(controls(quiet, 'restricted')).toEqual([]);
}

describe('podTemplateOf', () => {
  it('finds the template of every workload kind with its path', () => {
    const spec = { containers: [tight()] };
    const template = { metadata: { labels: { a: 'b' } }, spec };
    const cases: [Json, string][] = [
      [{ apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 'b' } }, spec }, ''],
      [{ apiVersion: 'v1', kind: 'ReplicationController', spec: { template } }, 'spec.template'],
      [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { template } }, 'spec.template'],
      [{ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template } }, 'spec.template'],
      [{ apiVersion: 'apps/v1', kind: 'StatefulSet', spec: { template } }, 'spec.template'],
      [{ apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { template } }, 'spec.template'],
      [{ apiVersion: 'batch/v1', kind: 'Job', spec: { template } }, 'spec.template'],
      [{ apiVersion: 'batch/v1', kind: 'CronJob', spec: { schedule: '@daily', jobTemplate: { spec: { template } } } }, 'spec.jobTemplate.spec.template'],
    ];
    for (const [object, path] of cases) {
      const found = podTemplateOf(object);
      expect(found?.path, String(object.kind)).toBe(path);
      expect(found?.spec).toBe(spec);
      expect(found?.metadata).toEqual({ labels: { a: 'b' } });
    }
  });

  it('is undefined for other kinds, other API groups and objects without a pod spec', () => {
    expect(podTemplateOf({ apiVersion: 'v1', kind: 'ConfigMap', data: {} })).toBeUndefined();
    expect(podTemplateOf({ apiVersion: 'v1', kind: 'Service', spec: { template: { spec: {} } } })).toBeUndefined();
    expect(podTemplateOf({ apiVersion: 'example.com/v1', kind: 'Deployment', spec: { template: { spec: { containers: [] } } } })).toBeUndefined();
    expect(podTemplateOf({ apiVersion: 'apps/v1', kind: 'Deployment', spec: {} })).toBeUndefined();
    expect(podSecurityViolations({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, 'restricted')).toEqual([]);
  });

  it('reports CronJob violations at their path under spec.jobTemplate', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup', namespace: 'apps' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [tight('backup', { allowPrivilegeEscalation: true })] } } } } },
    };
    expect(podSecurityViolations(cron, 'restricted')).toEqual([
      expect.objectContaining({ control: 'allowPrivilegeEscalation', path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation' }),
    ]);
    expect(podSecurityViolations(cron, 'baseline')).toEqual([]);
  });
});

describe('levels', () => {
  it('privileged allows everything', () => {
    const worst = pod({ hostNetwork: true, hostPID: true, containers: [{ name: 'x', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } }] });
    expect(podSecurityViolations(worst, 'privileged')).toEqual([]);
    expect(controls(worst, 'baseline').length).toBeGreaterThan(0);
  });

  it('names every control with an upstream check id', () => {
    expect(POD_SECURITY_CONTROLS.map((c) => c.id)).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged', 'procMount',
      'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess',
      'allowPrivilegeEscalation', 'capabilities_restricted', 'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted',
    ]);
  });
});

describe('baseline controls', () => {
  it('hostNamespaces: hostNetwork, hostPID and hostIPC', () => {
    const bad = pod({ hostNetwork: true, hostPID: true, hostIPC: true });
    expect(paths(bad, 'baseline', 'hostNamespaces')).toEqual(['spec.hostNetwork', 'spec.hostPID', 'spec.hostIPC']);
    baselineCase('hostNamespaces', pod({ hostNetwork: true }), pod({ hostNetwork: false, hostPID: false }), 'spec.hostNetwork');
  });

  it('privileged: any container, init and ephemeral included', () => {
    baselineCase('privileged', pod({ containers: [tight('a', { privileged: true })] }), pod({ containers: [tight('a', { privileged: false })] }), 'spec.containers[0].securityContext.privileged');
    expect(paths(pod({ initContainers: [tight('init', { privileged: true })] }), 'baseline', 'privileged')).toEqual(['spec.initContainers[0].securityContext.privileged']);
    expect(paths(pod({ ephemeralContainers: [tight('debug', { privileged: true })] }), 'baseline', 'privileged')).toEqual(['spec.ephemeralContainers[0].securityContext.privileged']);
  });

  it('capabilities_baseline: only the default set may be added', () => {
    const bad = pod({ containers: [tight('a', { capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_RAW'] } })] });
    const quiet = pod({ containers: [tight('a', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })] });
    baselineCase('capabilities_baseline', bad, quiet, 'spec.containers[0].securityContext.capabilities.add');
    expect(podSecurityViolations(bad, 'baseline')[0]?.message).toContain('"NET_RAW"');
    expect(podSecurityViolations(bad, 'baseline')[0]?.message).not.toContain('"CHOWN"');
    // Every capability of the default set passes baseline.
    const defaults = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
    expect(controls(pod({ containers: [{ name: 'a', securityContext: { capabilities: { add: defaults } } }] }), 'baseline')).toEqual([]);
  });

  it('hostPathVolumes', () => {
    baselineCase(
      'hostPathVolumes',
      pod({ volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'root', hostPath: { path: '/' } }] }),
      pod({ volumes: [{ name: 'cfg', configMap: { name: 'c' } }] }),
      'spec.volumes[1].hostPath',
    );
  });

  it('hostPorts: non-zero only', () => {
    baselineCase(
      'hostPorts',
      pod({ containers: [tight('a'), { ...tight('b'), ports: [{ containerPort: 80 }, { containerPort: 443, hostPort: 443 }] }] }),
      pod({ containers: [{ ...tight('a'), ports: [{ containerPort: 80, hostPort: 0 }, { containerPort: 81 }] }] }),
      'spec.containers[1].ports[1].hostPort',
    );
  });

  it('appArmorProfile: field at pod and container level, and the beta annotation', () => {
    const podField = pod({ securityContext: { appArmorProfile: { type: 'Unconfined' } } });
    baselineCase('appArmorProfile', podField, pod({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }), 'spec.securityContext.appArmorProfile.type');
    const containerField = pod({ containers: [tight('a', { appArmorProfile: { type: 'Unconfined' } })] });
    expect(paths(containerField, 'baseline', 'appArmorProfile')).toEqual(['spec.containers[0].securityContext.appArmorProfile.type']);
    expect(controls(pod({ containers: [tight('a', { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-app' } })] }), 'restricted')).toEqual([]);

    const key = 'container.apparmor.security.beta.kubernetes.io/app';
    const annotated = deployment({ containers: [tight()] }, { annotations: { [key]: 'unconfined' } });
    expect(paths(annotated, 'baseline', 'appArmorProfile')).toEqual([`spec.template.metadata.annotations["${key}"]`]);
    for (const value of ['runtime/default', 'localhost/k8s-app', '']) {
      expect(controls(deployment({ containers: [tight()] }, { annotations: { [key]: value } }), 'restricted'), value).toEqual([]);
    }
  });

  it('seLinuxOptions: allowed types, no user or role', () => {
    baselineCase(
      'seLinuxOptions',
      pod({ securityContext: { seLinuxOptions: { type: 'spc_t' } } }),
      pod({ securityContext: { seLinuxOptions: { type: 'container_engine_t', level: 's0:c123,c456' } } }),
      'spec.securityContext.seLinuxOptions.type',
    );
    const userRole = pod({ containers: [tight('a', { seLinuxOptions: { user: 'system_u', role: 'system_r' } })] });
    expect(paths(userRole, 'baseline', 'seLinuxOptions')).toEqual(['spec.containers[0].securityContext.seLinuxOptions.user', 'spec.containers[0].securityContext.seLinuxOptions.role']);
    for (const type of ['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']) {
      expect(controls(pod({ containers: [tight('a', { seLinuxOptions: { type } })] }), 'baseline'), type).toEqual([]);
    }
  });

  it('procMount: Default only', () => {
    baselineCase(
      'procMount',
      pod({ containers: [tight('a', { procMount: 'Unmasked' })] }),
      pod({ containers: [tight('a', { procMount: 'Default' })] }),
      'spec.containers[0].securityContext.procMount',
    );
  });

  it('seccompProfile_baseline: Unconfined is forbidden, unset is fine', () => {
    const unconfined = pod({ securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'a' }] });
    expect(paths(unconfined, 'baseline', 'seccompProfile_baseline')).toEqual(['spec.securityContext.seccompProfile.type']);
    expect(controls(pod({ containers: [{ name: 'a' }] }), 'baseline')).toEqual([]);
    const container = pod({ containers: [{ name: 'a', securityContext: { seccompProfile: { type: 'Unconfined' } } }] });
    expect(paths(container, 'baseline', 'seccompProfile_baseline')).toEqual(['spec.containers[0].securityContext.seccompProfile.type']);
    expect(controls(pod({ containers: [{ name: 'a', securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } }] }), 'baseline')).toEqual([]);
  });

  it('sysctls: the safe set, the newer net.ipv4 ones included', () => {
    const safe = [
      'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start',
      'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
      'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
    ];
    baselineCase(
      'sysctls',
      pod({ securityContext: { sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'net.core.somaxconn', value: '1024' }] } }),
      pod({ securityContext: { sysctls: safe.map((name) => ({ name, value: '1' })) } }),
      'spec.securityContext.sysctls[1].name',
    );
  });

  it('windowsHostProcess: pod or container', () => {
    const windows = (sc: Json, containerSc: Json = {}) => pod({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true, ...sc }, containers: [{ name: 'w', securityContext: containerSc }] });
    baselineCase('windowsHostProcess', windows({ windowsOptions: { hostProcess: true } }), windows({ windowsOptions: { hostProcess: false } }), 'spec.securityContext.windowsOptions.hostProcess');
    expect(paths(windows({}, { windowsOptions: { hostProcess: true } }), 'baseline', 'windowsHostProcess')).toEqual(['spec.containers[0].securityContext.windowsOptions.hostProcess']);
  });

  it('hostProbesAndHostLifecycle: probes and lifecycle handlers must not name a host', () => {
    baselineCase(
      'hostProbesAndHostLifecycle',
      pod({ containers: [{ ...tight(), livenessProbe: { httpGet: { host: '10.0.0.1', path: '/healthz', port: 8080 } }, lifecycle: { preStop: { tcpSocket: { host: 'db', port: 5432 } } } }] }),
      pod({ containers: [{ ...tight(), livenessProbe: { httpGet: { path: '/healthz', port: 8080 } }, readinessProbe: { tcpSocket: { host: '', port: 8080 } } }] }),
      'spec.containers[0].livenessProbe.httpGet.host',
    );
    const both = pod({ containers: [{ ...tight(), startupProbe: { tcpSocket: { host: 'x', port: 1 } }, lifecycle: { postStart: { httpGet: { host: 'y', port: 2 } } } }] });
    expect(paths(both, 'baseline', 'hostProbesAndHostLifecycle')).toEqual(['spec.containers[0].startupProbe.tcpSocket.host', 'spec.containers[0].lifecycle.postStart.httpGet.host']);
  });
});

describe('restricted controls', () => {
  it('restrictedVolumes: only the allowed inline sources, and it replaces hostPathVolumes', () => {
    const allowed = [
      { name: 'a', configMap: { name: 'c' } }, { name: 'b', csi: { driver: 'x' } }, { name: 'c', downwardAPI: {} }, { name: 'd', emptyDir: {} },
      { name: 'e', ephemeral: { volumeClaimTemplate: { spec: {} } } }, { name: 'f', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'g', projected: { sources: [] } }, { name: 'h', secret: { secretName: 's' } }, { name: 'i', image: { reference: 'x' } },
    ];
    expect(controls(pod({ volumes: allowed }), 'restricted')).toEqual([]);
    const bad = pod({ volumes: [...allowed, { name: 'share', nfs: { server: 'n', path: '/' } }, { name: 'root', hostPath: { path: '/' } }] });
    expect(paths(bad, 'restricted', 'restrictedVolumes')).toEqual(['spec.volumes[9].nfs', 'spec.volumes[10].hostPath']);
    expect(controls(bad, 'restricted')).not.toContain('hostPathVolumes');
    expect(controls(bad, 'baseline')).toEqual(['hostPathVolumes']);
  });

  it('allowPrivilegeEscalation: must be false in every container, init and ephemeral too', () => {
    const unset = pod({ initContainers: [tight('init', { allowPrivilegeEscalation: undefined })], containers: [tight()], ephemeralContainers: [{ name: 'debug', securityContext: { ...tight().securityContext as Json, allowPrivilegeEscalation: true } }] });
    expect(paths(unset, 'restricted', 'allowPrivilegeEscalation')).toEqual([
      'spec.initContainers[0].securityContext.allowPrivilegeEscalation',
      'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
    ]);
    expect(controls(unset, 'baseline')).toEqual([]);
    expect(controls(pod(), 'restricted')).toEqual([]);
  });

  it('runAsNonRoot: pod-level true covers containers; an explicit false anywhere fails', () => {
    const podLevel = pod({ securityContext: { runAsNonRoot: true }, containers: [tight('a', { runAsNonRoot: undefined }), tight('b', { runAsNonRoot: undefined })] });
    expect(controls(podLevel, 'restricted')).toEqual([]);
    const override = pod({ securityContext: { runAsNonRoot: true }, containers: [tight('a', { runAsNonRoot: undefined }), tight('b', { runAsNonRoot: false })] });
    expect(paths(override, 'restricted', 'runAsNonRoot')).toEqual(['spec.containers[1].securityContext.runAsNonRoot']);
    const missing = pod({ containers: [tight('a'), tight('b', { runAsNonRoot: undefined })] });
    expect(paths(missing, 'restricted', 'runAsNonRoot')).toEqual(['spec.containers[1].securityContext.runAsNonRoot']);
    // A container's true does not rescue the pod's explicit false.
    const podFalse = pod({ securityContext: { runAsNonRoot: false }, containers: [tight('a')] });
    expect(paths(podFalse, 'restricted', 'runAsNonRoot')).toEqual(['spec.securityContext.runAsNonRoot']);
    expect(controls(podFalse, 'baseline')).toEqual([]);
  });

  it('runAsUser: 0 is forbidden at pod or container level', () => {
    expect(paths(pod({ securityContext: { runAsUser: 0 } }), 'restricted', 'runAsUser')).toEqual(['spec.securityContext.runAsUser']);
    expect(paths(pod({ containers: [tight('a', { runAsUser: 0 })] }), 'restricted', 'runAsUser')).toEqual(['spec.containers[0].securityContext.runAsUser']);
    expect(controls(pod({ securityContext: { runAsUser: 65532 }, containers: [tight('a', { runAsUser: 1000 })] }), 'restricted')).toEqual([]);
    expect(controls(pod({ securityContext: { runAsUser: 0 } }), 'baseline')).toEqual([]);
  });

  it('seccompProfile_restricted: required at pod level or in every container; a container Unconfined fails', () => {
    const noSeccomp = { seccompProfile: undefined };
    const podLevel = pod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [tight('a', noSeccomp), tight('b', noSeccomp)] });
    expect(controls(podLevel, 'restricted')).toEqual([]);
    const override = pod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [tight('a', noSeccomp), tight('b', { seccompProfile: { type: 'Unconfined' } })] });
    expect(paths(override, 'restricted', 'seccompProfile_restricted')).toEqual(['spec.containers[1].securityContext.seccompProfile.type']);
    // The restricted check replaces the baseline one.
    expect(controls(override, 'restricted')).not.toContain('seccompProfile_baseline');
    const missing = pod({ containers: [tight('a'), tight('b', noSeccomp)] });
    expect(paths(missing, 'restricted', 'seccompProfile_restricted')).toEqual(['spec.containers[1].securityContext.seccompProfile.type']);
    expect(controls(missing, 'baseline')).toEqual([]);
    expect(controls(pod({ containers: [tight('a', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })] }), 'restricted')).toEqual([]);
  });

  it('capabilities_restricted: drop ALL, add only NET_BIND_SERVICE; it replaces capabilities_baseline', () => {
    expect(controls(pod({ containers: [tight('a', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })] }), 'restricted')).toEqual([]);
    const noDrop = pod({ containers: [tight('a', { capabilities: undefined }), tight('b', { capabilities: { drop: ['NET_RAW'] } })] });
    expect(paths(noDrop, 'restricted', 'capabilities_restricted')).toEqual(['spec.containers[0].securityContext.capabilities.drop', 'spec.containers[1].securityContext.capabilities.drop']);
    const adds = pod({ containers: [tight('a', { capabilities: { drop: ['ALL'], add: ['CHOWN', 'SYS_ADMIN'] } })] });
    expect(podSecurityViolations(adds, 'restricted')).toEqual([
      expect.objectContaining({ control: 'capabilities_restricted', path: 'spec.containers[0].securityContext.capabilities.add', message: expect.stringContaining('"CHOWN", "SYS_ADMIN"') }),
    ]);
    expect(controls(adds, 'baseline')).toEqual(['capabilities_baseline']);
  });

  it('Windows pods skip the Linux-only restricted checks but not runAsNonRoot', () => {
    const windows = pod({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'w', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] });
    expect(controls(windows, 'restricted')).toEqual([]);
    const asRoot = pod({ os: { name: 'windows' }, containers: [{ name: 'w' }] });
    expect(controls(asRoot, 'restricted')).toEqual(['runAsNonRoot']);
    const linux = pod({ os: { name: 'linux' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'l' }] });
    expect(controls(linux, 'restricted')).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
  });
});

describe('realistic workloads', () => {
  it('a restricted-compliant Deployment passes restricted', () => {
    const web = deployment({
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [{ name: 'migrate', image: 'ghcr.io/example/web:1.2.3', command: ['/migrate'], securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } }],
      containers: [
        {
          name: 'web',
          image: 'ghcr.io/example/web:1.2.3',
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
          livenessProbe: { tcpSocket: { port: 'http' } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'config', mountPath: '/etc/web' }, { name: 'data', mountPath: '/data' }],
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory' } }, { name: 'config', configMap: { name: 'web' } }, { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } }],
    });
    expect(podSecurityViolations(web, 'restricted')).toEqual([]);
  });

  it('a hostNetwork DaemonSet with NET_ADMIN and SYS_ADMIN fails baseline (like metallb frr-k8s)', () => {
    const frr = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'frr-k8s', namespace: 'metallb-system' },
      spec: {
        selector: { matchLabels: { app: 'frr-k8s' } },
        template: {
          metadata: { labels: { app: 'frr-k8s' } },
          spec: {
            hostNetwork: true,
            volumes: [{ name: 'frr-sockets', emptyDir: {} }, { name: 'frr-conf', configMap: { name: 'frr-startup' } }],
            containers: [
              { name: 'controller', image: 'quay.io/metallb/frr-k8s:v0.0.17', securityContext: { capabilities: { add: ['NET_RAW'] } } },
              { name: 'frr', image: 'quay.io/frrouting/frr:9.1.0', securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN', 'NET_BIND_SERVICE'] } } },
            ],
          },
        },
      },
    };
    const violations = podSecurityViolations(frr, 'baseline');
    expect(violations.map((v) => [v.control, v.path])).toEqual([
      ['capabilities_baseline', 'spec.template.spec.containers[0].securityContext.capabilities.add'],
      ['capabilities_baseline', 'spec.template.spec.containers[1].securityContext.capabilities.add'],
      ['hostNamespaces', 'spec.template.spec.hostNetwork'],
    ]);
    expect(violations[1]?.message).toContain('"NET_ADMIN", "NET_RAW", "SYS_ADMIN"');
  });

  it('a container without allowPrivilegeEscalation=false and without seccomp fails restricted but passes baseline (like sealed-secrets 2.18.5)', () => {
    const controller = deployment(
      {
        serviceAccountName: 'sealed-secrets-controller',
        securityContext: { fsGroup: 65534 },
        containers: [
          {
            name: 'controller',
            image: 'docker.io/bitnami/sealed-secrets-controller:0.32.2',
            ports: [{ name: 'http', containerPort: 8080 }],
            securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1001, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          },
        ],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
      {},
      'sealed-secrets-controller',
      'kube-system',
    );
    expect(podSecurityViolations(controller, 'baseline')).toEqual([]);
    expect(podSecurityViolations(controller, 'restricted').map((v) => [v.control, v.path])).toEqual([
      ['allowPrivilegeEscalation', 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation'],
      ['seccompProfile_restricted', 'spec.template.spec.containers[0].securityContext.seccompProfile.type'],
    ]);
  });
});

describe('namespaceEnforceLevel', () => {
  const ns = (labels?: Json): Json => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', ...(labels ? { labels } : {}) } });
  it('reads the enforce label, privileged by default', () => {
    expect(namespaceEnforceLevel(undefined)).toBe('privileged');
    expect(namespaceEnforceLevel(ns())).toBe('privileged');
    expect(namespaceEnforceLevel(ns({ 'pod-security.kubernetes.io/warn': 'restricted' }))).toBe('privileged');
    expect(namespaceEnforceLevel(ns({ 'pod-security.kubernetes.io/enforce': 'baseline' }))).toBe('baseline');
    expect(namespaceEnforceLevel(ns({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' }))).toBe('restricted');
    expect(namespaceEnforceLevel(ns({ 'pod-security.kubernetes.io/enforce': 'privileged' }))).toBe('privileged');
  });
  it('fails closed on a value that is not a level, as upstream parses it', () => {
    expect(namespaceEnforceLevel(ns({ 'pod-security.kubernetes.io/enforce': 'Restricted' }))).toBe('restricted');
  });
});

describe('podSecurityFindings', () => {
  const namespace = (name: string, level?: PodSecurityLevel): Json => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...(level ? { labels: { 'pod-security.kubernetes.io/enforce': level } } : {}) },
  });
  const bad = deployment({ containers: [tight('web', { allowPrivilegeEscalation: true })] }, {}, 'web', 'apps');
  const render = (level: PodSecurityLevel | undefined, objects: RenderedObject[] = []): ClusterRender => ({
    cluster: 'dev',
    kubernetesVersion: '1.34.1',
    bootstrapInputs: [],
    kustomizations: [
      {
        name: 'apps',
        namespace: 'flux-system',
        dependsOn: [],
        wait: true,
        healthChecks: [],
        path: './gitops/apps/dev',
        objects: [
          { object: namespace('apps', level), origin: { file: 'gitops/apps/dev/namespace.yaml', kustomization: 'apps' } },
          { object: bad, origin: { file: 'gitops/apps/dev/web.yaml', kustomization: 'apps' } },
          ...objects,
        ],
      },
    ],
    releases: [],
  });

  it('finds the bad Deployment of a restricted namespace, naming the control and path', () => {
    const findings = podSecurityFindings(render('restricted'));
    expect(findings).toEqual([
      {
        rule: 'render-pod-security',
        resource: 'dev:ks apps:Deployment/apps/web',
        file: 'gitops/apps/dev/web.yaml',
        message:
          'Deployment apps/web (gitops/apps/dev/web.yaml) violates Pod Security "restricted" of namespace apps: allowPrivilegeEscalation: container "web" must set securityContext.allowPrivilegeEscalation=false at spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      },
    ]);
  });

  it('is quiet for a privileged or unlabelled namespace, and at baseline for a restricted-only violation', () => {
    expect(podSecurityFindings(render('privileged'))).toEqual([]);
    expect(podSecurityFindings(render(undefined))).toEqual([]);
    expect(podSecurityFindings(render('baseline'))).toEqual([]);
  });

  it('finds chart output by the namespace of another step, and leaves namespaces not created anywhere alone', () => {
    const base = render('baseline');
    const hostNet = deployment({ hostNetwork: true, containers: [{ name: 'agent' }] }, {}, 'agent', 'apps');
    const orphan = deployment({ hostNetwork: true, containers: [{ name: 'agent' }] }, {}, 'agent', 'nowhere');
    const withRelease: ClusterRender = {
      ...base,
      releases: [
        {
          name: 'agent',
          namespace: 'apps',
          targetNamespace: 'apps',
          kustomization: 'apps',
          dependsOn: [],
          wait: true,
          chart: { name: 'agent', version: '1.0.0', source: 'https://charts.example.com' },
          values: {},
          objects: [
            { object: hostNet, origin: { file: 'helm:apps/agent templates/deployment.yaml', kustomization: 'apps', release: 'apps/agent' } },
            { object: orphan, origin: { file: 'helm:apps/agent templates/orphan.yaml', kustomization: 'apps', release: 'apps/agent' } },
          ],
        },
      ],
    };
    const findings = podSecurityFindings(withRelease);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'render-pod-security', resource: 'dev:helm apps/agent:Deployment/apps/agent' });
    expect(findings[0]?.file).toBeUndefined();
    expect(findings[0]?.message).toContain('violates Pod Security "baseline" of namespace apps: hostNamespaces: hostNetwork=true');
    expect(findings[0]?.message).toContain('at spec.template.spec.hostNetwork');
  });

  it('lists every violation of an object in one finding', () => {
    const worse = deployment({ hostPID: true, containers: [{ name: 'x', securityContext: { privileged: true } }] }, {}, 'worse', 'apps');
    const findings = podSecurityFindings(render('baseline', [{ object: worse, origin: { file: 'gitops/apps/dev/worse.yaml', kustomization: 'apps' } }]));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/hostNamespaces: .* at spec\.template\.spec\.hostPID; privileged: .* at spec\.template\.spec\.containers\[0\]\.securityContext\.privileged$/);
  });
});
