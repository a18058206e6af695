// Reconnect delays: exponential from `base` up to `max`, with full jitter so
// that clients cut off together do not come back together.

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly base = 500,
    private readonly max = 15_000,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.max, this.base * 2 ** this.attempt);
    this.attempt++;
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
