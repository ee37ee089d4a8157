#!/usr/bin/env node
/**
 * Adds lockfile entries for platform-specific optional packages that npm left out.
 *
 * Why: the npm registry mirror on our build machines serves Linux builds of native packages
 * (@swc/core-*, @unrs/resolver-binding-*) but not the macOS, Windows, Android… ones. `npm install`
 * then leaves those optional packages out of package-lock.json, and `npm ci` refuses the lockfile
 * as out of sync. Each missing entry here records only what npm needs to skip the package on
 * other platforms (version, os, cpu, libc, optional), plus where it comes from and its integrity
 * hash, which the registry's metadata gives even where the mirror does not serve the package: so
 * every entry of the lockfile installs with an integrity check. Run it after `npm install`
 * changes the lockfile.
 */
const { execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const file = join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((part) => OS.includes(part));
  const cpu = parts.find((part) => CPU.includes(part));
  if (!os || !cpu) return undefined;
  const libc = os !== 'linux' ? undefined : parts.some((part) => part.startsWith('musl')) ? 'musl' : 'glibc';
  return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `${path ? `${path}/` : ''}node_modules/${name}`.replace(/^node_modules\/(.*node_modules\/)/, 'node_modules/$1');
    const hoisted = `node_modules/${name}`;
    if (packages[target] || packages[hoisted]) continue;
    const platform = platformOf(name);
    if (!platform) {
      console.error(`leaving ${name} alone: its platform cannot be told from its name`);
      continue;
    }
    packages[hoisted] = {
      version,
      cpu: [platform.cpu],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      optional: true,
      os: [platform.os],
    };
    added += 1;
  }
}
// Any entry without an integrity hash (those added above, or left so by an earlier version of
// this script) gets it from the registry's metadata for that exact version. (This project's npm
// records no `resolved` addresses: packages come from whichever registry npm is configured with.)
let hashed = 0;
for (const [path, entry] of Object.entries(packages)) {
  if (path === '' || entry.link || entry.integrity) continue;
  // An aliased package (npm:other@version) is installed under its alias but published as `name`.
  const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const integrity = execFileSync('npm', ['view', `${name}@${entry.version}`, 'dist.integrity'], { encoding: 'utf8' }).trim();
  if (!integrity.startsWith('sha512-')) throw new Error(`the registry gives no integrity hash for ${name}@${entry.version}`);
  entry.integrity = integrity;
  hashed += 1;
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform entries, ${hashed} integrity hashes`);
