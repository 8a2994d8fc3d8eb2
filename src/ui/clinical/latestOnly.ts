/**
 * Runs an async call with at most one in flight; what is asked while one runs waits, and only the last
 * such request is kept (the ones in between are dropped, never sent). So a window drag that produces 60
 * pointer moves a second sends one setDisplay at a time, and the last position always gets sent.
 *
 * `onResult` gets each finished call's result with its argument; `onError` each failure (the queue goes
 * on with the next request). `idle()` resolves once nothing is in flight or waiting.
 */
export class LatestOnly<A, R> {
  private running = false;
  private pending: { arg: A } | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly call: (arg: A) => Promise<R>,
    private readonly onResult: (result: R, arg: A) => void = () => undefined,
    private readonly onError: (err: unknown, arg: A) => void = () => undefined,
  ) {}

  /** Asks for `arg`: sent now if nothing runs, else kept as the one to send next (replacing any waiting). */
  push(arg: A): void {
    if (this.running) {
      this.pending = { arg };
      return;
    }
    void this.run(arg);
  }

  /** Forgets the waiting request, if any (the one in flight still finishes). */
  drop(): void {
    this.pending = null;
    if (!this.running) this.settle();
  }

  /** Whether a call is in flight or waiting. */
  get busy(): boolean {
    return this.running || this.pending !== null;
  }

  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  private async run(arg: A): Promise<void> {
    this.running = true;
    try {
      const r = await this.call(arg);
      this.onResult(r, arg);
    } catch (err) {
      this.onError(err, arg);
    }
    this.running = false;
    const next = this.pending;
    this.pending = null;
    if (next) void this.run(next.arg);
    else this.settle();
  }

  private settle(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
