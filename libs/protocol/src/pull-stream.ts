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
  /** Items that arrived after their waiter timed out; served first. */
  private readonly buffered: T[] = [];
  private pumping = false;
  private ended = false;
  private failure: unknown = undefined;

  constructor(private readonly source: PullSource<T>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered.length > 0) return Promise.resolve({ done: false, value: this.buffered.shift() as T });
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      void this.pump();
    });
  }

  /**
   * Like next(), but gives up after `timeoutMs` by calling `onTimeout()` for the
   * rejection. The waiter is withdrawn, so an item that arrives later is kept for
   * the next reader (for-await or another call) instead of being lost.
   */
  nextWithin(timeoutMs: number, onTimeout: () => Error): Promise<IteratorResult<T>> {
    if (this.buffered.length > 0 || this.failure !== undefined || this.ended) return this.next();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(onTimeout());
      }, timeoutMs);
      const waiter: Waiter<T> = {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.waiters.push(waiter);
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
    this.buffered.length = 0;
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
        if (this.ended) break; // close raced the receive: dropped with the transport
        const waiter = this.waiters.shift();
        if (waiter === undefined) {
          // Its waiter timed out while the receive was pending: keep the item.
          this.buffered.push(item);
          break;
        }
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
