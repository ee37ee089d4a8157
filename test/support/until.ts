/** Waits until the condition holds, checking every 10 ms: tests wait on what they can observe, never for a time. */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}
