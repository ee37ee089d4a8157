import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const OUT_DIR = join(__dirname, 'results', 'build');

/**
 * Compiles the project with tsc, as a deployment runs it, and returns where an entry's
 * JavaScript is: the benchmark's own servers (bench/) are compiled beside the gateway. Running
 * TypeScript through @swc-node/register would load the TypeScript and swc compilers into the
 * process (some 100 MB of RSS and slower error stacks), so the servers under measurement run compiled.
 */
export function compile(): (entry: string) => string {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', OUT_DIR, '--rootDir', '.', '--sourceMap', 'false'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  // The compiled code finds data/ two levels above its module, as it does from src/ and dist/.
  mkdirSync(OUT_DIR, { recursive: true });
  if (!existsSync(join(OUT_DIR, 'data'))) symlinkSync(join(ROOT, 'data'), join(OUT_DIR, 'data'), 'dir');
  return (entry) => relative(ROOT, join(OUT_DIR, entry.replace(/\.ts$/, '.js')));
}
