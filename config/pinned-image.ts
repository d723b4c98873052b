/**
 * The project's rule for a pinned container image reference: config rules (image-pinned)
 * judge environments/ with it, and the constructs throw with it (constructs/apps/image.ts
 * checkPinnedImage), so both accept and refuse the same references with the same words.
 */

/** A sha256 digest after the name or tag. */
const DIGEST_SOURCE = '@sha256:[a-f0-9]{64}';
/** A version tag: at least major.minor, optionally a suffix (17.6, v1.2.3, 1.27.3-alpine). */
const VERSION_TAG_SOURCE = 'v?\\d+\\.\\d+[0-9A-Za-z._-]*';
/** The characters a tag may hold, and at most how many (the OCI distribution spec). */
const TAG_CHARACTERS = '[0-9A-Za-z._-]';
const TAG_MAX = 128;
/** `registry[:port]/name`, the registry and the name each starting and ending with a letter or digit. */
const REGISTRY_NAME_SOURCE = '[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\\d+)?\\/[a-z0-9]([a-z0-9._/-]*[a-z0-9])?';
const REGISTRY_REFERENCE = new RegExp(`^${REGISTRY_NAME_SOURCE}(:${TAG_CHARACTERS}{1,${TAG_MAX}}|${DIGEST_SOURCE})$`);

const DIGEST = new RegExp(`${DIGEST_SOURCE}$`);
const NAME = /^[a-z0-9]([a-z0-9._\-/:]*[a-z0-9])?$/;
const VERSION_TAG = new RegExp(`^${VERSION_TAG_SOURCE}$`);
/** A full version tag: major.minor.patch, optionally a suffix after a separator (11.0.14-rootless, v1.83.10-stable). */
const EXACT_VERSION_TAG = /^v?\d+\.\d+\.\d+([-_.][0-9A-Za-z._-]+)?$/;

/**
 * The pinned image rule of the config schema (config/schema.ts, the tenant services' images) as one
 * regular expression source, which is also the JSON schema `pattern` editors check with (npm run schema):
 * `registry[:port]/name` followed by a version tag (at least major.minor, at most 128 characters),
 * a version tag and a digest, or a digest alone. It is built from the pieces isPinnedImage judges
 * with, and everything it matches isPinnedImage accepts (tests/config/pinned-image.test.ts); on
 * top it asks for the registry/name form.
 */
export const PINNED_IMAGE_PATTERN =
  `^${REGISTRY_NAME_SOURCE}` +
  `(:(?=${TAG_CHARACTERS}{1,${TAG_MAX}}(@|$))${VERSION_TAG_SOURCE}(${DIGEST_SOURCE})?|${DIGEST_SOURCE})$`;

/**
 * Whether an image reference has the form config rule image-pinned asks of `apps.<name>.image` before
 * judging its tag with isPinnedImage: `registry[:port]/name` (as in PINNED_IMAGE_PATTERN) with a tag
 * or a digest.
 */
export function isRegistryReference(image: string): boolean {
  return typeof image === 'string' && REGISTRY_REFERENCE.test(image);
}

/** What PINNED_IMAGE_PATTERN asks for, in the words of a config problem. */
export const PINNED_IMAGE_PATTERN_RULE =
  'must be registry/name:tag with a version tag (at least major.minor, not latest) or registry/name@sha256:digest';

const REFUSED = '"latest", moving tags and untagged images are refused';
const REASON =
  'must be pinned: a version tag with at least major.minor (e.g. docker.io/library/postgres:17.6) ' +
  `or a sha256 digest (name@sha256:...); ${REFUSED}`;

/** Stricter forms of a pinned image a construct may ask for. */
export interface PinnedImageOptions {
  /**
   * The tag must carry a full `major.minor.patch` version (11.0.14, v1.83.10-stable), for images
   * whose publishers also push moving `major.minor` tags. A digest alone still passes.
   * @default false
   */
  readonly exactVersion?: boolean;
  /**
   * The tag must end with this suffix (e.g. `-rootless`, the variant the construct's security
   * context needs). A tag is then required even beside a digest.
   * @default - any tag
   */
  readonly tagSuffix?: string;
}

/** What a pinned image is, under `options`: the reason in the messages of checkPinnedImage and of config rules. */
export function pinnedImageReason(options: PinnedImageOptions = {}): string {
  if (!options.exactVersion && options.tagSuffix === undefined) return REASON;
  const version = options.exactVersion ? 'a full major.minor.patch version' : 'a version of at least major.minor';
  const suffix = options.tagSuffix === undefined ? '' : ` ending in "${options.tagSuffix}"`;
  // Joined, so tests/renovate's pin scanner does not take the example for a version we pin.
  const example = `${[1, 2, ...(options.exactVersion ? [3] : [])].join('.')}${options.tagSuffix ?? ''}`;
  const digest = options.tagSuffix === undefined ? ' or a sha256 digest (name@sha256:...)' : ', optionally followed by @sha256:<digest>';
  return `must be pinned: a tag with ${version}${suffix} (e.g. name:${example})${digest}; ${REFUSED}`;
}

/**
 * Whether a container image reference cannot move under us: a `@sha256:` digest, or a tag that
 * names a version (at least `major.minor`; with `options`, a full version or a suffix).
 */
export function isPinnedImage(image: string, options: PinnedImageOptions = {}): boolean {
  if (typeof image !== 'string' || /\s/.test(image) || image === '') return false;
  const digest = DIGEST.exec(image);
  const reference = digest ? image.slice(0, digest.index) : image;
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? reference.slice(0, colon) : reference;
  const tag = hasTag ? reference.slice(colon + 1) : undefined;
  if (!NAME.test(name)) return false;
  if (tag !== undefined && (tag === '' || tag.length > TAG_MAX)) return false;
  const strict = options.exactVersion === true || options.tagSuffix !== undefined;
  if (tag === undefined) return digest !== null && options.tagSuffix === undefined;
  if (options.tagSuffix !== undefined && !tag.endsWith(options.tagSuffix)) return false;
  // Beside a digest any tag will do, unless the construct asks for a stricter form of it.
  if (digest && !strict) return true;
  return (options.exactVersion ? EXACT_VERSION_TAG : VERSION_TAG).test(tag);
}
