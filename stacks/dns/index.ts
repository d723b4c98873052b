import type { App } from 'cdktf';
import type { Cluster, Platform } from '../../config/load';
import type { ClusterStacks } from '../types';

/** Placeholder until the DNS stacks land. */
export function addDnsStack(_app: App, _platform: Platform, _cluster: Cluster, _stacks: ClusterStacks): void {}
