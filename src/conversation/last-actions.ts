/**
 * The commands last offered to a person as numbered lines outside any dialogue, on channels
 * without buttons: a notice's actions ("1. 受理 MQ2345ABCD"), or a command's reply that lists
 * commands. A number typed while no dialogue shows choices of its own picks from these. The
 * delivery of the notice remembers them (src/queue/send-message.ts); the engine reads them only
 * for such a number, so an ordinary message costs nothing more. Kept in Redis in production
 * (src/redis/last-actions.ts), for a few days: a bare number means something only while its list
 * is recent.
 */
export interface LastActions {
  /** Replaces what `owner` (a userKey) was last offered: the commands in the order they are numbered. */
  remember(owner: string, commands: string[]): Promise<void>;
  /** What `owner` was last offered; empty when nothing was, or it is too old. */
  recall(owner: string): Promise<string[]>;
}

/** In memory, for tests of the core. */
export class MemoryLastActions implements LastActions {
  private readonly offered = new Map<string, string[]>();
  async remember(owner: string, commands: string[]): Promise<void> {
    this.offered.set(owner, [...commands]);
  }
  async recall(owner: string): Promise<string[]> {
    return [...(this.offered.get(owner) ?? [])];
  }
}
