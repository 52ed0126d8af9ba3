/**
 * Spaces Slack posts to one channel at most `perSecond` apart within this process (Slack allows about one message
 * per second per channel and answers bursts with 429). Waiters queue in order; nothing is dropped.
 */
export class SlackChannelPacer {
  private readonly nextFreeMs = new Map<string, number>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when a post to `channel` may go out, reserving that turn. */
  async turn(channel: string): Promise<void> {
    const nowMs = this.now();
    const at = Math.max(nowMs, this.nextFreeMs.get(channel) ?? 0);
    this.nextFreeMs.set(channel, at + 1000 / this.perSecond);
    if (at > nowMs) {
      await new Promise((resolve) => setTimeout(resolve, at - nowMs));
    }
  }
}
