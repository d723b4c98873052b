/**
 * OCI DNS labels (VCN and subnet `dns_label`): letters and digits only, starting with a letter,
 * at most 15 characters. The API rejects anything else, and the field forces replacement, so a
 * bad label is caught at synth time rather than on apply.
 */
export const OCI_DNS_LABEL = /^[a-z][a-z0-9]{0,14}$/;

export const OCI_DNS_LABEL_MAX = 15;

/**
 * Derives a DNS label from a name such as a cluster name: lower-cased, every character that is
 * not a letter or digit dropped, a leading `v` added when it would start with a digit, then cut
 * to 15 characters. `oke-dev` becomes `okedev`.
 */
export function toDnsLabel(text: string): string {
  let label = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (label.length === 0) throw new Error(`cannot derive an OCI DNS label from "${text}": it has no letters or digits`);
  if (!/^[a-z]/.test(label)) label = `v${label}`;
  return label.slice(0, OCI_DNS_LABEL_MAX);
}

/** Throws unless `label` is a valid OCI DNS label; `what` names the prop in the message. */
export function assertDnsLabel(label: string, what: string): void {
  if (!OCI_DNS_LABEL.test(label)) {
    throw new Error(
      `${what} must be an OCI DNS label (letters and digits only, starting with a letter, at most ${OCI_DNS_LABEL_MAX} characters), got "${label}"`,
    );
  }
}
