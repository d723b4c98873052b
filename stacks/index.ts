import type { App } from 'cdktf';
import type { Platform } from '../config/load';
import { STATE_STACK } from './names';
import type { ClusterStacks } from './types';

export interface BuildOptions {
  /** Add the state-bucket stack. @default true */
  readonly includeState?: boolean;
}

/**
 * Adds every stack of the platform to the app. Provider bindings are loaded lazily, only for the
 * kinds of stack being synthesized, because loading them is most of synth's cost.
 */
export async function buildStacks(app: App, platform: Platform, options: BuildOptions = {}): Promise<void> {
  if (options.includeState ?? true) {
    const { StateStack } = await import('./state-stack');
    new StateStack(app, STATE_STACK, platform);
  }
  for (const cluster of platform.clusters) {
    let stacks: ClusterStacks;
    if (cluster.provider === 'oci-oke') {
      const { addOciStacks } = await import('./oci/index');
      stacks = addOciStacks(app, platform, cluster);
    } else {
      const { addVpsStacks } = await import('./vps/index');
      stacks = addVpsStacks(app, platform, cluster);
    }
    const { addDnsStack } = await import('./dns/index');
    addDnsStack(app, platform, cluster, stacks);
  }
}
