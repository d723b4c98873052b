import { Construct } from 'constructs';
import { ServiceMonitor } from '../../imports/prometheus-operator-monitoring.coreos.com';
import { assertDnsLabel } from '../flux/names';

export interface MetricsMonitorProps {
  /** ServiceMonitor name. */
  readonly name: string;
  /** Namespace of the Service (and of the ServiceMonitor). */
  readonly namespace: string;
  /** Labels of the Service to scrape. */
  readonly selector: Record<string, string>;
  /** Name of the Service port serving metrics. */
  readonly port: string;
  /**
   * HTTP path of the metrics.
   * @default /metrics
   */
  readonly path?: string;
}

/**
 * A Prometheus Operator ServiceMonitor for a platform Service whose chart cannot create one itself
 * (it installs before the monitoring CRDs exist), applied with the configs layer instead.
 */
export class MetricsMonitor extends Construct {
  constructor(scope: Construct, id: string, props: MetricsMonitorProps) {
    super(scope, id);
    assertDnsLabel('ServiceMonitor name', props.name);
    if (Object.keys(props.selector).length === 0) throw new Error(`ServiceMonitor ${props.name}: selector needs at least one label`);
    new ServiceMonitor(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        selector: { matchLabels: { ...props.selector } },
        endpoints: [{ port: props.port, path: props.path ?? '/metrics', interval: '60s' }],
      },
    });
  }
}
