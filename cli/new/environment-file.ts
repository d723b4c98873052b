/** The text of a new environment file: the editor modeline, how layering works, no clusters yet. */
export function environmentFile(name: string, command: string): string {
  return [
    '# yaml-language-server: $schema=./schema/environment.schema.json',
    '#',
    `# Environment ${name}, created by \`${command}\`.`,
    '# Every cluster starts from `cluster:` in defaults.yaml, then `clusterDefaults:` below, then its',
    '# own entry under `clusters:` (later wins; maps merge key by key, lists are replaced whole).',
    `# Add a cluster: npm run new -- cluster ${name} <cluster-name> --provider oci-oke|hcloud-k3s|do-k3s`,
    `name: ${name}`,
    `description: The ${name} environment.`,
    '# A production environment issues Let\'s Encrypt production certificates and enforces the Pod Security',
    '# policies; any other gets Let\'s Encrypt staging and audits (docs/configuration.md).',
    'production: false',
    '# Settings shared by every cluster of this environment, e.g. network.podCidr or vps.sshKeys.',
    'clusterDefaults: {}',
    'clusters: {}',
    '',
  ].join('\n');
}
