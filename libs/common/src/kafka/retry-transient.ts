const ATTEMPTS = 20;
const DELAY_MS = 250;

/**
 * Runs `step` again while it fails with an error kafkajs marks retriable, for a few seconds: at
 * start-up a broker may not know a topic that another broker has just created, and kafkajs does not
 * retry that for a consumer's subscribe or an admin's offset lookup.
 */
export async function retryTransient<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
    }
  }
}
