// What a call or an action ended with, for tests that assert on the error
// itself: the rejection of a promise, the exception of a function.

/** The error `promise` rejected with; fails the test if it resolved. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${String(JSON.stringify(outcome.value)).slice(0, 200)}`);
  return outcome.error as Error;
}

/** What `action` threw; fails the test if it threw nothing. */
export function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an exception, none was thrown');
}
