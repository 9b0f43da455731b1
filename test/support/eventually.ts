/** Retries an assertion until it passes or the time runs out; the last failure is what the test reports. */
export async function eventually<T>(assertion: () => Promise<T>, { timeoutMs = 20_000, intervalMs = 200 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      lastError = error;
      if (Date.now() > deadline) throw lastError;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
