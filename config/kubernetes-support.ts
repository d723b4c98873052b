import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The Kubernetes support table (config/kubernetes-support.yaml): each upstream minor with its end of
 * life and the k3s release of it, the minor new k3s clusters get, and the minors OKE offers with
 * OKE's own dates. config/rules.ts judges every cluster's version against it.
 */

/** The table's path, for messages. */
export const SUPPORT_FILE = 'config/kubernetes-support.yaml';

/** Days before an end of life from which the loader warns. */
export const END_OF_LIFE_WARNING_DAYS = 60;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });
const minor = z.string().regex(/^\d+\.\d+$/, { message: 'must be a Kubernetes minor such as "1.36" (quoted)' });

const SupportFile = z.strictObject({
  upstream: z
    .array(
      z.strictObject({
        minor,
        released: date,
        endOfLife: date,
        source: z.string().min(1),
        k3s: z.string().regex(/^v\d+\.\d+\.\d+\+k3s\d+$/, { message: 'must be an exact k3s release such as v1.36.4+k3s1' }),
        k3sSource: z.string().min(1),
      }),
    )
    .min(1),
  k3sDefault: z.strictObject({ minor, reason: z.string().min(1) }),
  oke: z
    .array(
      z.strictObject({
        minor,
        newest: z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'must be an exact version such as 1.34.2' }),
        released: date.nullable(),
        endOfSupport: date.nullable(),
        source: z.string().min(1),
      }),
    )
    .min(1),
});

export type KubernetesSupport = z.infer<typeof SupportFile>;
export type UpstreamMinor = KubernetesSupport['upstream'][number];
export type OkeMinor = KubernetesSupport['oke'][number];

/** `1.36` of `v1.36.4+k3s1`, `1.34.2` or `v1.34.2`; undefined when the text is no version. */
export function minorOf(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)\.\d+/.exec(version);
  return match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
}

/** Orders minors numerically ("1.9" before "1.10"). */
export function compareMinors(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number) as [number, number];
  const [bm, bn] = b.split('.').map(Number) as [number, number];
  return am - bm || an - bn;
}

/** Parses and checks a support table; throws with every problem found. */
export function parseKubernetesSupport(text: string, file = SUPPORT_FILE): KubernetesSupport {
  const result = SupportFile.safeParse(parse(text));
  if (!result.success) {
    throw new Error(`${file}: ${result.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  }
  const support = result.data;
  const problems: string[] = [];
  const unique = (rows: readonly { minor: string }[], where: string) => {
    const seen = new Set<string>();
    for (const row of rows) {
      if (seen.has(row.minor)) problems.push(`${where}: minor ${row.minor} is listed twice`);
      seen.add(row.minor);
    }
  };
  unique(support.upstream, 'upstream');
  unique(support.oke, 'oke');
  for (const row of support.upstream) {
    if (minorOf(row.k3s) !== row.minor) problems.push(`upstream ${row.minor}: k3s ${row.k3s} is not a ${row.minor} release`);
    if (row.endOfLife <= row.released) problems.push(`upstream ${row.minor}: endOfLife ${row.endOfLife} is not after released ${row.released}`);
  }
  for (const row of support.oke) {
    if (minorOf(row.newest) !== row.minor) problems.push(`oke ${row.minor}: newest ${row.newest} is not a ${row.minor} version`);
  }
  if (!support.upstream.some((row) => row.minor === support.k3sDefault.minor)) {
    problems.push(`k3sDefault: minor ${support.k3sDefault.minor} is not under upstream`);
  }
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return support;
}

/** The shipped table, read once. */
export const KUBERNETES_SUPPORT: KubernetesSupport = parseKubernetesSupport(
  readFileSync(new URL('./kubernetes-support.yaml', import.meta.url), 'utf8'),
);

/** The k3s release new k3s clusters get: the table's release of its default minor. */
export function defaultK3sRelease(support: KubernetesSupport = KUBERNETES_SUPPORT): string {
  return support.upstream.find((row) => row.minor === support.k3sDefault.minor)!.k3s;
}

/** The newest version OKE offers, the default of OKE clusters. */
export function newestOkeVersion(support: KubernetesSupport = KUBERNETES_SUPPORT): string {
  return [...support.oke].sort((a, b) => compareMinors(a.minor, b.minor)).at(-1)!.newest;
}

/** Where a version stands on a given day. */
export type SupportStatus =
  /** Supported; `until` is the end of support, null when none is announced. */
  | { readonly state: 'supported'; readonly minor: string; readonly until: string | null; readonly source: string }
  /** Supported for `daysLeft` more days (at most END_OF_LIFE_WARNING_DAYS). */
  | { readonly state: 'ending'; readonly minor: string; readonly until: string; readonly daysLeft: number; readonly source: string }
  /** Out of support since `since` (undefined: older than every minor of the table). */
  | { readonly state: 'ended'; readonly minor: string; readonly since?: string; readonly source?: string }
  /** OKE: a minor OKE does not offer (`offered` are the ones it does). */
  | { readonly state: 'not-offered'; readonly minor: string; readonly offered: readonly string[]; readonly source: string }
  /** Upstream: a minor newer than every one in the table, so no dates are known. */
  | { readonly state: 'unknown'; readonly minor: string };

/** The calendar day (UTC) of a moment, as days since the epoch. */
function dayOf(moment: Date): number {
  return Math.floor(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate()) / 86_400_000);
}

function dayOfDate(text: string): number {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

function byDate(minor: string, until: string | null, source: string, today: Date): SupportStatus {
  if (until === null) return { state: 'supported', minor, until, source };
  const daysLeft = dayOfDate(until) - dayOf(today);
  if (daysLeft <= 0) return { state: 'ended', minor, since: until, source };
  if (daysLeft <= END_OF_LIFE_WARNING_DAYS) return { state: 'ending', minor, until, daysLeft, source };
  return { state: 'supported', minor, until, source };
}

/**
 * Where `version` stands on `today`: a k3s cluster's release by upstream's dates, an OKE cluster's
 * version by OKE's list and dates. Undefined when the text is no version.
 */
export function supportStatus(
  platform: 'k3s' | 'oke',
  version: string,
  today: Date,
  support: KubernetesSupport = KUBERNETES_SUPPORT,
): SupportStatus | undefined {
  const minor = minorOf(version);
  if (!minor) return undefined;
  if (platform === 'oke') {
    const row = support.oke.find((r) => r.minor === minor);
    if (!row) {
      const offered = support.oke.map((r) => r.minor).sort(compareMinors);
      return { state: 'not-offered', minor, offered, source: support.oke.map((r) => r.source).join('; ') };
    }
    return byDate(minor, row.endOfSupport, row.source, today);
  }
  const row = support.upstream.find((r) => r.minor === minor);
  if (row) return byDate(minor, row.endOfLife, row.source, today);
  const minors = support.upstream.map((r) => r.minor).sort(compareMinors);
  if (compareMinors(minor, minors[0]!) < 0) return { state: 'ended', minor };
  return { state: 'unknown', minor };
}

/** The supported k3s releases on `today`, newest first (what a message can suggest). */
export function supportedK3sReleases(today: Date, support: KubernetesSupport = KUBERNETES_SUPPORT): string[] {
  return support.upstream
    .filter((row) => dayOfDate(row.endOfLife) - dayOf(today) > 0)
    .sort((a, b) => compareMinors(b.minor, a.minor))
    .map((row) => row.k3s);
}
