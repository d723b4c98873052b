import { fail } from '../tenancy/validate';

const DIGEST = /@sha256:[a-f0-9]{64}$/;
const NAME = /^[a-z0-9]([a-z0-9._\-/:]*[a-z0-9])?$/;
/** A version tag: at least major.minor, optionally a suffix (17.6, v1.2.3, 1.27.3-alpine). */
const VERSION_TAG = /^v?\d+\.\d+[0-9A-Za-z._-]*$/;

const REASON =
  'must be pinned: a version tag with at least major.minor (e.g. docker.io/library/postgres:17.6) ' +
  'or a sha256 digest (name@sha256:...); "latest", moving tags and untagged images are refused';

/**
 * Checks that a container image reference cannot move under us: either a `@sha256:` digest, or a
 * tag that names a version (at least `major.minor`). Throws naming `prop` and the value otherwise.
 */
export function checkPinnedImage(owner: string, prop: string, image: string): string {
  if (typeof image !== 'string' || /\s/.test(image) || image === '') fail(owner, prop, image, REASON);
  const digest = DIGEST.exec(image);
  const reference = digest ? image.slice(0, digest.index) : image;
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? reference.slice(0, colon) : reference;
  const tag = hasTag ? reference.slice(colon + 1) : undefined;
  if (!NAME.test(name)) fail(owner, prop, image, REASON);
  if (tag !== undefined && (tag === '' || tag.length > 128)) fail(owner, prop, image, REASON);
  if (digest) return image;
  if (tag === undefined || !VERSION_TAG.test(tag)) fail(owner, prop, image, REASON);
  return image;
}
