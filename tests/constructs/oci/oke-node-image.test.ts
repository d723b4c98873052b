import { Testing } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import { OkeNodeImage, type OkeNodeImageProps } from '../../../constructs/oci/oke-node-image';
import { dataOf, evaluate, hasTerraform, resolveToken, type TfJson } from './terraform-json';

const base: OkeNodeImageProps = { compartmentId: 'ocid1.compartment.oc1..aaaaaaaatest', kubernetesVersion: '1.34.1', architecture: 'aarch64' };

/** What `oci ce node-pool-options get` lists, abridged: several builds, versions, OSes and architectures. */
const SOURCES = [
  { source_type: 'IMAGE', image_id: 'arm-jan', source_name: 'Oracle-Linux-8.10-aarch64-2025.01.31-0-OKE-1.34.1-760' },
  { source_type: 'IMAGE', image_id: 'arm-jun', source_name: 'Oracle-Linux-8.10-aarch64-2025.06.30-0-OKE-1.34.1-801' },
  { source_type: 'IMAGE', image_id: 'arm-jun-rebuild', source_name: 'Oracle-Linux-8.10-aarch64-2025.06.30-10-OKE-1.34.1-802' },
  { source_type: 'IMAGE', image_id: 'arm-jun-build-9', source_name: 'Oracle-Linux-8.10-aarch64-2025.06.30-9-OKE-1.34.1-802' },
  { source_type: 'IMAGE', image_id: 'arm-other-patch', source_name: 'Oracle-Linux-8.10-aarch64-2025.09.30-0-OKE-1.34.10-900' },
  { source_type: 'IMAGE', image_id: 'arm-older-minor', source_name: 'Oracle-Linux-8.10-aarch64-2025.09.30-0-OKE-1.33.1-900' },
  { source_type: 'IMAGE', image_id: 'arm-ubuntu', source_name: 'Canonical-Ubuntu-22.04-aarch64-2025.10.30-0-OKE-1.34.1-900' },
  { source_type: 'IMAGE', image_id: 'x86-may', source_name: 'Oracle-Linux-8.10-2025.05.30-0-OKE-1.34.1-790' },
  { source_type: 'IMAGE', image_id: 'x86-gpu', source_name: 'Oracle-Linux-8.10-Gen2-GPU-2025.08.30-0-OKE-1.34.1-850' },
];

/** The synthesized image locals, with the data source replaced by `sources`. */
function imageLocals(props: Partial<OkeNodeImageProps> = {}): { locals: Record<string, unknown>; image: string } {
  let imageId = '';
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      const image = new OkeNodeImage(scope, 'image', { ...base, ...props });
      imageId = resolveToken(scope, image.imageId) as string;
    }),
  ) as TfJson;
  const [dataId] = Object.keys(dataOf(json, 'oci_containerengine_node_pool_option'));
  const locals: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(json.locals as Record<string, string>)) {
    locals[name] = value.replaceAll(`data.oci_containerengine_node_pool_option.${dataId}.sources`, 'local.sources');
  }
  return { locals, image: imageId.replace(/^\$\{(.*)\}$/, '$1') };
}

describe('OkeNodeImage', () => {
  it('lists the node-pool options of the compartment for all clusters', () => {
    const json = JSON.parse(Testing.synthScope((scope) => new OkeNodeImage(scope, 'image', base))) as TfJson;
    expect(Object.values(dataOf(json, 'oci_containerengine_node_pool_option'))).toEqual([
      expect.objectContaining({ node_pool_option_id: 'all', compartment_id: base.compartmentId }),
    ]);
  });

  describe.skipIf(!hasTerraform)('the expression, evaluated by terraform', () => {
    let arm: ReturnType<typeof imageLocals>;
    let x86: ReturnType<typeof imageLocals>;
    beforeAll(() => {
      arm = imageLocals();
      x86 = imageLocals({ architecture: 'x86_64', kubernetesVersion: 'v1.34.1' });
    });

    it('picks the newest Oracle Linux aarch64 build of exactly that version', () => {
      expect(evaluate({ ...arm.locals, sources: SOURCES }, arm.image)).toBe('arm-jun-rebuild');
    });

    it('picks the newest x86_64 build, never an aarch64 or GPU one', () => {
      expect(evaluate({ ...x86.locals, sources: SOURCES }, x86.image)).toBe('x86-may');
    });

    it('is null when nothing matches, so the precondition can say why', () => {
      const none = SOURCES.filter((s) => !s.source_name.includes('-OKE-1.34.1-'));
      expect(evaluate({ ...arm.locals, sources: none }, arm.image)).toBeNull();
    });
  });

  it('offers a precondition on the chosen image', () => {
    let precondition: OkeNodeImage['precondition'] | undefined;
    Testing.synthScope((scope) => {
      precondition = new OkeNodeImage(scope, 'image', base).precondition;
    });
    expect(precondition!.errorMessage).toMatch(/No Oracle-Linux-\* aarch64 OKE image for Kubernetes 1\.34\.1/);
  });

  describe('fails on bad input', () => {
    it.each<[string, Partial<OkeNodeImageProps>, RegExp]>([
      ['a minor version only', { kubernetesVersion: '1.34' }, /kubernetesVersion must be an exact version/],
      ['an unknown architecture', { architecture: 'riscv64' as never }, /architecture must be aarch64 or x86_64/],
      ['a name prefix that would break the expression', { namePrefix: 'Oracle"Linux' }, /namePrefix may hold only/],
    ])('%s', (_, overrides, message) => {
      expect(() => Testing.synthScope((scope) => new OkeNodeImage(scope, 'image', { ...base, ...overrides }))).toThrow(message);
    });
  });
});
