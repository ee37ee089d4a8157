// Preloaded (`-r`, with `--expose-gc`) into a process under test. On SIGUSR2 it collects garbage
// fully and prints what survived as one JSON line. A heap sample taken without a full collection
// measures when the collector last ran (which differs between Node 20 and 22) more than what the
// process holds on to; the heap after a forced full collection is what a leak would grow.
'use strict';
process.on('SIGUSR2', () => {
  global.gc();
  global.gc();
  process.stdout.write(`${JSON.stringify({ heapProbe: process.memoryUsage().heapUsed })}\n`);
});
