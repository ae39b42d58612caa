// Polls a condition against real time (end-to-end tests only), with a bound: the test fails instead of hanging.
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5_000, everyMs = 25): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > giveUpAt) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
