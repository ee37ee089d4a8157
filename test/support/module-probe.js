// Preloaded (`-r`) into a process under test. On SIGUSR2 it prints, as one JSON line, the npm
// packages the process has loaded so far: what a start pays for is what it loads.
'use strict';
process.on('SIGUSR2', () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/[^]*$/.exec(file);
    if (match) packages.add(match[1]);
  }
  process.stdout.write(`${JSON.stringify({ modulesProbe: [...packages].sort() })}\n`);
});
