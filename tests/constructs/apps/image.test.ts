import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { isPinnedImage, pinnedImageReason, type PinnedImageOptions } from '../../../config/pinned-image';
import { Forgejo } from '../../../constructs/applications/forgejo';
import { LiteLlm } from '../../../constructs/applications/litellm';
import { checkPinnedImage } from '../../../constructs/apps/image';
import { Cache } from '../../../constructs/components/cache';
import { Database } from '../../../constructs/components/database';

const DIGEST = `@sha256:${'ab'.repeat(32)}`;

describe('checkPinnedImage', () => {
  it('takes a version tag of at least major.minor or a digest, and refuses the rest naming owner, prop and value', () => {
    for (const image of ['postgres:17.6', 'docker.io/library/postgres:17.6', 'registry.example.com:5000/team/app:v1.2.3-alpine', `nginx${DIGEST}`, `nginx:stable${DIGEST}`]) {
      expect(checkPinnedImage('Thing t', 'image', image)).toBe(image);
    }
    for (const image of ['nginx', 'nginx:latest', 'nginx:stable', 'postgres:17', 'registry.example.com:5000/nginx', 'nginx@sha256:abc', 'Nginx:1.2', 'nginx:1.2 ', '']) {
      expect(() => checkPinnedImage('Thing t', 'image', image)).toThrow(`Thing t: image ${pinnedImageReason()}, got ${JSON.stringify(image)}`);
    }
  });

  it('exactVersion wants major.minor.patch in the tag; a digest alone still passes', () => {
    const exact: PinnedImageOptions = { exactVersion: true };
    for (const image of ['app:1.2.3', 'app:v1.83.10-stable', `app${DIGEST}`, `app:1.2.3${DIGEST}`]) expect(isPinnedImage(image, exact), image).toBe(true);
    for (const image of ['app:1.2', 'app:v1.83-stable', 'app:main-stable', 'app:1.2.3stable', `app:main${DIGEST}`]) expect(isPinnedImage(image, exact), image).toBe(false);
    expect(pinnedImageReason(exact)).toMatch(/^must be pinned: a tag with a full major\.minor\.patch version .*or a sha256 digest/);
  });

  it('tagSuffix wants the tag to end with it, also beside a digest', () => {
    const rootless: PinnedImageOptions = { exactVersion: true, tagSuffix: '-rootless' };
    for (const image of ['forge:11.0.14-rootless', `forge:11.0.14-rootless${DIGEST}`]) expect(isPinnedImage(image, rootless), image).toBe(true);
    for (const image of ['forge:11.0.14', `forge${DIGEST}`, 'forge:11-rootless', 'forge:11.0-rootless', 'forge:rootless']) expect(isPinnedImage(image, rootless), image).toBe(false);
    expect(pinnedImageReason(rootless)).toContain('ending in "-rootless" (e.g. name:1.2.3-rootless)');
  });
});

/** Every construct that takes an image reference, with a pinned image of its form and a floating tag. */
const CONSTRUCTS: readonly {
  name: string;
  owner: string;
  pin?: PinnedImageOptions;
  repository: string;
  pinned: string;
  floating: readonly string[];
  build: (image: string) => unknown;
}[] = [
  {
    name: 'Database',
    owner: 'Database d',
    repository: 'ghcr.io/cloudnative-pg/postgresql',
    pinned: '17.6',
    floating: ['17', 'bookworm'],
    build: (image) => new Database(Testing.chart(), 'db', { name: 'd', namespace: 'n', database: 'a', owner: 'a', image }),
  },
  {
    name: 'Cache',
    owner: 'Cache c',
    repository: 'quay.io/opstree/redis',
    pinned: 'v7.2.7',
    floating: ['v7', 'alpine'],
    build: (image) => new Cache(Testing.chart(), 'cache', { name: 'c', namespace: 'n', image }),
  },
  {
    name: 'Forgejo',
    owner: 'Forgejo f',
    pin: Forgejo.imagePin,
    repository: 'codeberg.org/forgejo/forgejo',
    pinned: '11.0.14-rootless',
    floating: ['11-rootless', '11.0-rootless', '11.0.14'],
    build: (image) => new Forgejo(Testing.chart(), 'f', { namespace: 'git', image, hostname: 'git.corp.test', database: { host: 'db-rw', secret: 'db-app' }, securitySecret: 'keys' }),
  },
  {
    name: 'LiteLLM',
    owner: 'LiteLLM l',
    pin: LiteLlm.imagePin,
    repository: 'ghcr.io/berriai/litellm',
    pinned: 'v1.83.10-stable',
    floating: ['main-stable', 'main-latest', 'v1.83-stable'],
    build: (image) => new LiteLlm(Testing.chart(), 'l', { namespace: 'ai', image, databaseSecret: 'db', masterKeySecret: 'mk', providerKeysSecret: 'pk' }),
  },
];

describe('constructs that take an image use the one check', () => {
  for (const c of CONSTRUCTS) {
    it(`${c.name}: a pinned image passes; latest, a missing tag and a floating tag fail with the shared message`, () => {
      expect(() => c.build(`${c.repository}:${c.pinned}`)).not.toThrow();
      for (const image of [`${c.repository}:latest`, c.repository, ...c.floating.map((tag) => `${c.repository}:${tag}`)]) {
        expect(() => c.build(image), image).toThrow(`${c.owner}: image ${pinnedImageReason(c.pin)}, got ${JSON.stringify(image)}`);
      }
    });
  }
});
