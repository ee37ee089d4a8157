/** Longer than any state a test waits on takes to arrive; shorter than jest's testTimeout, so the failure names what it waited for. */
const GIVE_UP_MS = 20_000;

/**
 * Waits until a condition on observable state holds, checking every 10 ms: tests wait on what they
 * can observe, never for a time. Fails, naming `what` it waited for, if it never holds.
 */
export async function until(condition: () => boolean | Promise<boolean>, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + GIVE_UP_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still waiting, after ${GIVE_UP_MS} ms, for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
