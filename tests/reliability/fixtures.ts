/** Reads the invalid-input fixtures (tests/fixtures/invalid) and applies one to a project folder. */
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { ROOT } from '../support/environments';

export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'invalid');

type Path = (string | number)[];

export interface Fixture {
  readonly name: string;
  readonly dir: string;
  readonly mistake: string;
  readonly category: 'yaml' | 'schema' | 'rules' | 'references' | 'size' | 'filesystem';
  readonly edits?: { file: string; path: Path; value?: unknown; delete?: boolean }[];
  readonly remove?: string[];
  readonly copy?: { from: string; to: string }[];
  readonly chmod?: { file: string; mode: string }[];
  readonly generate?: { file: string; kind: string; bytes?: number; count?: number; depth?: number; length?: number };
  readonly expect: string[];
}

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((name) => statSync(join(FIXTURES, name)).isDirectory())
    .sort()
    .map((name) => ({ name, dir: join(FIXTURES, name), ...(parse(readFileSync(join(FIXTURES, name, 'fixture.yaml'), 'utf8')) as Omit<Fixture, 'name' | 'dir'>) }));
}

function setIn(file: string, path: Path, value: unknown): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(path, doc.createNode(value));
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}

/** Makes `environments` (a copy of the shipped folder) hold the fixture's mistake. */
export function applyFixture(fixture: Fixture, environments: string): void {
  for (const edit of fixture.edits ?? []) {
    const file = join(environments, edit.file);
    if (edit.delete) {
      const doc = parseDocument(readFileSync(file, 'utf8'));
      doc.deleteIn(edit.path);
      writeFileSync(file, doc.toString({ lineWidth: 0 }));
    } else setIn(file, edit.path, edit.value);
  }
  for (const entry of fixture.remove ?? []) {
    // "*.yaml": every environment file, whichever the project has (defaults.yaml stays).
    const files = entry === '*.yaml' ? readdirSync(environments).filter((f) => /\.ya?ml$/.test(f) && !/^defaults\.ya?ml$/.test(f)) : [entry];
    for (const file of files) rmSync(join(environments, file), { recursive: true, force: true });
  }
  for (const { from, to } of fixture.copy ?? []) cpSync(join(environments, from), join(environments, to));
  const files = join(fixture.dir, 'files');
  if (existsSync(files)) {
    for (const entry of readdirSync(files)) {
      rmSync(join(environments, entry), { recursive: true, force: true });
      cpSync(join(files, entry), join(environments, entry), { recursive: true });
    }
  }
  const generate = fixture.generate;
  if (generate) {
    const file = join(environments, generate.file);
    switch (generate.kind) {
      case 'padded': {
        const text = readFileSync(file, 'utf8');
        const line = `# ${'padding '.repeat(12)}\n`;
        writeFileSync(file, text + line.repeat(Math.ceil((generate.bytes! - text.length) / line.length)));
        break;
      }
      case 'admin-cidrs': {
        const cidrs = Array.from({ length: generate.count! }, (_, i) => `198.18.${i >> 8}.${i & 255}/32`);
        setIn(file, ['clusters', 'hcloud-staging', 'network'], { adminCidrs: [...cidrs, 'not-a-cidr'] });
        break;
      }
      case 'deep-map': {
        const doc = parseDocument(readFileSync(file, 'utf8'));
        const flow = `${'{a: '.repeat(generate.depth!)}1${'}'.repeat(generate.depth!)}`;
        doc.setIn(['clusters', 'oke-dev', 'network'], doc.createNode({ extra: 'DEEP' }));
        writeFileSync(file, doc.toString({ lineWidth: 0 }).replace('extra: DEEP', `extra: ${flow}`));
        break;
      }
      case 'long-string':
        setIn(file, ['clusters', 'do-prod', 'region'], 'A'.repeat(generate.length!));
        break;
      case 'many-clusters': {
        const clusters: Record<string, unknown> = {};
        for (let i = 0; i < generate.count!; i++) clusters[`c${i}`] = { provider: 'oci-oke', region: 'BAD REGION' };
        setIn(file, ['clusters'], clusters);
        break;
      }
      case 'symlink-outside': {
        // An environment file that is a link to a file beside the environments folder (outside it).
        const outside = join(environments, '..', `outside-${generate.file}`);
        writeFileSync(outside, `name: ${generate.file.replace(/\.ya?ml$/, '')}\nclusters: {}\n`);
        symlinkSync(outside, file);
        break;
      }
      default:
        throw new Error(`fixture ${fixture.name}: unknown generator ${generate.kind}`);
    }
  }
  for (const { file, mode } of fixture.chmod ?? []) chmodSync(join(environments, file), Number.parseInt(mode, 8));
}

/** chmod cannot take read access away from root. */
export function applicable(fixture: Fixture): boolean {
  return !(fixture.chmod && process.getuid?.() === 0);
}
