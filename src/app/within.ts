/**
 * Waiting on a store with a bound. A Redis that has stopped holds every command until it is back
 * (the connection queues it, and BullMQ's connections must not give up), so what stopping or a
 * closing terminal asks of it is bounded here: the process ends on time, and what it left behind
 * in the store clears by itself (presence keys expire, held jobs return when their locks run out).
 */

export const timedOut = Symbol("timed out");

/** `work`'s value (or its error), or `timedOut` if it has not settled within `ms`. */
export async function within<T>(ms: number, work: Promise<T>): Promise<T | typeof timedOut> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
