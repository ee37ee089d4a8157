#!/usr/bin/env node
/**
 * `npm start`: the compiled gateway (dist/, which `npm ci` builds through the `prepare` script),
 * in this process. Running the TypeScript sources through a register hook instead loads the
 * TypeScript and swc compilers into the server: about twice the start time and the memory.
 *
 * A source edited after the last build would otherwise be silently ignored, so when any file
 * under src/ is newer than dist/server.js the build runs again first (a few seconds: emit only,
 * `npm test` and `npm run build` type-check). Where there is no src/ (an image that ships only
 * dist/), dist/ is run as it is.
 */
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SOURCES = join(ROOT, 'src');
const ENTRY = join(ROOT, 'dist', 'server.js');

function newestChange(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (existsSync(SOURCES) && (!existsSync(ENTRY) || newestChange(SOURCES) > statSync(ENTRY).mtimeMs)) {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    console.error('image-pipeline-gateway: dist/ is missing or older than src/, and TypeScript is not installed to build it; run `npm ci` (which builds it), or `npm run build`.');
    process.exit(1);
  }
  console.error('image-pipeline-gateway: src/ changed since the last build; compiling to dist/ first');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--noCheck'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  } catch {
    console.error('image-pipeline-gateway: the build failed (above); fix it, or run `npm run build` to see type errors too.');
    process.exit(1);
  }
}

// Node 22.1+: compiled code is cached on disk, so a second start parses less (absent on Node 20).
require('node:module').enableCompileCache?.();
require(ENTRY);
