#!/usr/bin/env node
/**
 * `npm run test:system`: the suites in test/system/, which need programs from Debian's packages
 * (SYSTEM_PACKAGES below). A package that is missing is installed with apt-get when this runs as
 * root (as CI does); otherwise the script says what to install and stops before running anything.
 * Arguments are passed on to jest (a file name, -t 'pattern').
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

/** What each system suite needs: the program it runs and the Debian package that provides it. */
const SYSTEM_PACKAGES = [
  { program: '/usr/bin/chromium', debian: 'chromium', for: 'test/system/graphiql.test.ts (GraphiQL in a headless browser)' },
  { program: '/usr/bin/redis-server', debian: 'redis-server', for: 'test/system/replicas.test.ts (two gateway replicas sharing through Redis)' },
];

const missing = SYSTEM_PACKAGES.filter((entry) => !works(entry.program));
if (missing.length > 0) {
  const names = missing.map((entry) => entry.debian);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`test:system needs Debian packages that are not installed: ${names.join(', ')}.`);
    for (const entry of missing) console.error(`  ${entry.debian}: ${entry.program}, for ${entry.for}`);
    console.error(`Install them (sudo apt-get install -y --no-install-recommends ${names.join(' ')}) or run this as root, which installs them.`);
    process.exit(1);
  }
  console.log(`test:system: installing ${names.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'inherit', env });
  const still = missing.filter((entry) => !works(entry.program));
  if (still.length > 0) {
    console.error(`test:system: apt-get ran, but ${still.map((entry) => entry.program).join(', ')} still does not run.`);
    process.exit(1);
  }
}

const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '-c', 'jest.system.config.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(jest.status ?? 1);

/** Whether a program is there and runs (a file hidden by an empty bind mount is there but does not). */
function works(program) {
  if (!existsSync(program)) return false;
  return spawnSync(program, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}
