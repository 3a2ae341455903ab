// The single receive loop behind messages(): it pulls from its source only when
// someone is waiting, so an app that stops reading lets ZeroMQ's receive
// high-water mark push back on the sender instead of queueing here. zeromq.js
// allows one pending receive per socket; this keeps exactly one.

/** Returns the next item, or undefined when the source has ended (socket closed). */
export type PullSource<T> = () => Promise<T | undefined>;

interface Waiter<T> {
  resolve: (result: IteratorResult<T>) => void;
  reject: (err: unknown) => void;
}

/**
 * An AsyncIterable that is its own (shared) iterator: every messages() call and
 * every for-await loop reads from the same stream, and breaking out of a loop
 * does not end it; only end() (on close) or a source failure does.
 */
export class PullStream<T> implements AsyncIterableIterator<T> {
  private readonly waiters: Waiter<T>[] = [];
  private pumping = false;
  private ended = false;
  private failure: unknown = undefined;

  constructor(private readonly source: PullSource<T>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      void this.pump();
    });
  }

  /** Called by for-await on break: the stream stays open for the next reader. */
  async return(): Promise<IteratorResult<T>> {
    return { done: true, value: undefined };
  }

  /** Ends the stream: waiting and future readers get done. */
  end(): void {
    this.ended = true;
    for (const w of this.waiters.splice(0)) w.resolve({ done: true, value: undefined });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length > 0 && !this.ended) {
        const item = await this.source();
        if (item === undefined) {
          this.end();
          break;
        }
        // Waiters only leave through end(); an item that lands after it (close
        // racing a receive) is dropped with the closed transport.
        const waiter = this.waiters.shift();
        if (waiter === undefined) break;
        waiter.resolve({ done: false, value: item });
      }
    } catch (err) {
      this.failure = err;
      this.ended = true;
      for (const w of this.waiters.splice(0)) w.reject(err);
    } finally {
      this.pumping = false;
    }
  }
}
