// How a generated call ended, for property tests that must tell a hang from
// an outcome: a call that neither resolves nor rejects fails the property
// with its counterexample instead of running into the test timeout.

export type Settled = { resolved: true; value: unknown } | { resolved: false; error: unknown };

/**
 * The outcome of `promise`, or a failure if it neither resolves nor rejects
 * within `ms`: a client that hangs must fail the property, not the test timeout.
 */
export async function settle(promise: Promise<unknown>, ms: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the call neither resolved nor rejected within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Settled => ({ resolved: true, value }),
        (error: unknown): Settled => ({ resolved: false, error }),
      ),
      guard,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fails with the unexpected error itself (its stack included), so that fast-check reports it with the counterexample. */
export function rethrowUnless(settled: Settled, ...classes: Array<abstract new (...args: never[]) => Error>): void {
  if (!settled.resolved && !classes.some((type) => settled.error instanceof type)) throw settled.error;
}
