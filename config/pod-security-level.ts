/** Pod Security Standards levels, most to least restrictive. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';
