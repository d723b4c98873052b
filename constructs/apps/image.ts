import { isPinnedImage, pinnedImageReason, type PinnedImageOptions } from '../../config/pinned-image';
import { fail } from '../tenancy/validate';

export type { PinnedImageOptions } from '../../config/pinned-image';

/**
 * Checks that a container image reference cannot move under us: either a `@sha256:` digest, or a
 * tag that names a version (at least `major.minor`; `options` asks for a stricter form). Throws
 * naming `owner`, `prop`, the value and what is accepted otherwise.
 */
export function checkPinnedImage(owner: string, prop: string, image: string, options: PinnedImageOptions = {}): string {
  if (!isPinnedImage(image, options)) fail(owner, prop, image, pinnedImageReason(options));
  return image;
}
