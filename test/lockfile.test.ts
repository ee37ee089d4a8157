import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('package-lock.json', () => {
  it('has an entry for every optional dependency, so `npm ci` accepts it on every platform', () => {
    const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const missing = Object.values(lock.packages).flatMap((entry) =>
      Object.keys(entry.optionalDependencies ?? {}).filter((name) => !lock.packages[`node_modules/${name}`]),
    );
    // If this fails after `npm install`, run `node scripts/complete-lockfile.js`.
    expect(missing).toEqual([]);
  });
});
