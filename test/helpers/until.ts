// Waiting on a condition, never on the clock: a test that needs something to
// have happened polls for it, and a hang fails by the test's own timeout.
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Resolves once `condition()` is true, checking after each turn of the event
 * loop (setImmediate, which fake timers of setTimeout leave alone).
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await nextTurn();
}
