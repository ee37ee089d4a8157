import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings of the gateway's process, applied before anything else is loaded (src/server.ts
 * imports this first).
 *
 * No allocation-site pretenuring. V8 watches where objects are allocated, and when most objects
 * from one place survive a young-generation collection it allocates that place's objects
 * straight into the old generation from then on. A burst of concurrent requests waiting on
 * upstream keeps per-request objects alive across collections (yoga's per-hook promise objects
 * among them), so after one dashboard burst those allocations went to the old generation for the
 * rest of the process's life: the warm path then cost 1.4–2.2× the CPU a request and RSS grew by
 * 70 MB under load (bench scenario 7 in a whole run, 1.93–2.13× bare yoga's CPU, against
 * 1.3× in a fresh process). With pretenuring off, a gateway after the same bursts answers as a
 * fresh one does. Set here rather than on the command line so that every way of starting the
 * gateway (npm start, node dist/server.js, the Dockerfile, the tests that start it as a
 * process) runs with it.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
