import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { OciProvider } from '../../.gen/providers/oci/provider';
import type { Cluster, Platform } from '../../config/load';
import type { OciDefinedTag } from '../../constructs/oci/defined-tag';
import { stateKey } from '../names';
import { useStateBackend } from '../state-backend';

/** What every OCI stack of a cluster is built from. */
export interface OciStackProps {
  readonly platform: Platform;
  readonly cluster: Cluster;
  /** Provider region. @default the cluster's region */
  readonly region?: string;
}

/** The `oci:` section of an oci-oke cluster (config rules guarantee it; this keeps the types honest). */
export function ociSettings(cluster: Cluster): NonNullable<Cluster['oci']> {
  if (!cluster.oci) throw new Error(`cluster ${cluster.name}: an oci-oke cluster needs an oci: section`);
  return cluster.oci;
}

/** Tags on every OCI resource of a cluster, so the console can filter by them. */
export function clusterTags(platform: Platform, cluster: Cluster): Record<string, string> {
  return { project: platform.project.name, environment: cluster.environment, cluster: cluster.name, 'managed-by': 'cdktf' };
}

/**
 * The defined tag the cluster's nodes carry and its nodes' dynamic group matches:
 * `<oci.nodeTag.namespace>.<oci.nodeTag.key> = <cluster name>`, by default in the tag namespace
 * named after the project, key `cluster`. Both the cluster and the iam stack compute it from the
 * config, so neither reads the other's state.
 */
export function nodeTag(platform: Platform, cluster: Cluster): OciDefinedTag {
  const settings = ociSettings(cluster).nodeTag;
  return { namespace: settings?.namespace ?? platform.project.name, key: settings?.key ?? 'cluster', value: cluster.name };
}

/**
 * A stack of an OCI cluster: its own state key in the state bucket, and the OCI provider for the
 * cluster's region. Credentials come from the profile in ~/.oci/config (or OCI_* variables),
 * never from the synthesized JSON.
 */
export class OciStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: OciStackProps) {
    super(scope, id);
    useStateBackend(this, props.platform.state, stateKey(props.cluster.environment, id));
    new OciProvider(this, 'oci', {
      region: props.region ?? props.cluster.region,
      configFileProfile: ociSettings(props.cluster).configProfile,
    });
  }
}
