/**
 * age X25519 identities (the key file `age-keygen` writes: `AGE-SECRET-KEY-1...`, with a
 * `# public key: age1...` comment): parsed and turned into their recipient, so bootstrap can check a
 * key file against the cluster's `sops.ageRecipients` before it becomes the sops-age Secret. Nothing
 * here returns or formats the secret key itself.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i]!;
  }
  return chk;
}

const expand = (hrp: string) => [...[...hrp].map((c) => c.charCodeAt(0) >>> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];

function convert(data: readonly number[], from: number, to: number, pad: boolean): number[] | undefined {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const max = (1 << to) - 1;
  for (const value of data) {
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >>> bits) & max);
    }
  }
  if (pad && bits > 0) out.push((acc << (to - bits)) & max);
  else if (!pad && (bits >= from || ((acc << (to - bits)) & max) !== 0)) return undefined;
  return out;
}

/** The bytes of a bech32 string with human-readable part `hrp` (case-insensitive), or undefined. */
function bech32Decode(text: string, hrp: string): Buffer | undefined {
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || lower.slice(0, sep) !== hrp) return undefined;
  const data = [...lower.slice(sep + 1)].map((c) => CHARSET.indexOf(c));
  if (data.length < 6 || data.some((d) => d < 0) || polymod([...expand(hrp), ...data]) !== 1) return undefined;
  const bytes = convert(data.slice(0, -6), 5, 8, false);
  return bytes ? Buffer.from(bytes) : undefined;
}

function bech32Encode(hrp: string, bytes: Uint8Array): string {
  const data = convert([...bytes], 8, 5, true)!;
  const mod = polymod([...expand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...checksum].map((d) => CHARSET[d]).join('')}`;
}

/** What an age key file holds, without the secret itself. */
export interface AgeKeyFile {
  /** The recipients (public keys) of the identities in the file, in file order. */
  readonly recipients: readonly string[];
}

/**
 * Reads an age key file's identities and returns their recipients. Throws (without quoting the
 * file) when it holds no valid X25519 identity.
 */
export function ageRecipients(text: string): AgeKeyFile {
  const recipients: string[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  for (const [index, line] of lines.entries()) {
    if (line === '' || line.startsWith('#')) continue;
    const key = bech32Decode(line, 'age-secret-key-');
    if (!key || key.length !== 32 || line !== line.toUpperCase()) {
      throw new Error(`line ${index + 1} is not an age X25519 identity (AGE-SECRET-KEY-1...)`);
    }
    const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: key.toString('base64url'), x: '' }, format: 'jwk' });
    const publicKey = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url');
    recipients.push(bech32Encode('age', publicKey));
  }
  if (recipients.length === 0) throw new Error('holds no age identity (AGE-SECRET-KEY-1...)');
  return { recipients };
}
