import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  integrity?: string;
  link?: boolean;
  engines?: { node?: string };
  optionalDependencies?: Record<string, string>;
}

const root = join(__dirname, '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const entries = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.link);

// If one of these fails after `npm install`, run `node scripts/complete-lockfile.js`.
describe('package-lock.json', () => {
  it('has an entry for every optional dependency, so `npm ci` accepts it on every platform', () => {
    const missing = Object.values(lock.packages).flatMap((entry) =>
      Object.keys(entry.optionalDependencies ?? {}).filter((name) => !lock.packages[`node_modules/${name}`]),
    );
    expect(missing).toEqual([]);
  });

  it('installs every package with an integrity check', () => {
    expect(entries.filter(([, entry]) => !/^sha512-[A-Za-z0-9+/]+={0,2}$/.test(entry.integrity ?? '')).map(([path]) => path)).toEqual([]);
  });

  it('holds no package whose engines leave out a Node version package.json promises (npm ci would warn EBADENGINE)', () => {
    // The lowest version of each major `engines` promises: ^20.19.0 || ^22.12.0 → 20.19.0, 22.12.0.
    const promised = [...pkg.engines.node.matchAll(/\^(\d+)\.(\d+)\.(\d+)/g)].map((m) => m.slice(1, 4).map(Number) as [number, number, number]);
    expect(promised.length).toBeGreaterThan(0);
    const refusing = entries.flatMap(([path, entry]) => {
      const floor = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(entry.engines?.node?.trim() ?? '');
      if (!floor) return [];
      const wanted = floor.slice(1, 4).map(Number);
      const below = (v: number[]) => v[0]! < wanted[0]! || (v[0] === wanted[0] && (v[1]! < wanted[1]! || (v[1] === wanted[1] && v[2]! < wanted[2]!)));
      return promised.some(below) ? [`${path} needs node ${entry.engines!.node}`] : [];
    });
    expect(refusing).toEqual([]);
  });
});
