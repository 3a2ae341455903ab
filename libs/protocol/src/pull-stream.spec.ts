// The receive loop's contract: one pull at a time, end() finishes readers,
// a source failure rejects them, and timeouts never lose an item.
import { describe, expect, it, vi } from 'vitest';
import { PullStream } from './pull-stream.ts';
import { nextMessage } from './transport.ts';

/** A source that takes `ms` per pull (a slow socket), and counts the pulls it has answered. */
function delayed<T>(items: T[], ms: number): (() => Promise<T | undefined>) & { answered: () => number } {
  let inFlight = 0;
  let answered = 0;
  const pull = async () => {
    inFlight++;
    if (inFlight > 1) throw new Error('two pulls at once');
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    answered++;
    return items.shift();
  };
  return Object.assign(pull, { answered: () => answered });
}

describe('PullStream', () => {
  it('serves concurrent readers in order with one pull at a time, then ends', async () => {
    const stream = new PullStream(delayed([1, 2, 3], 5));
    const results = await Promise.all([stream.next(), stream.next(), stream.next(), stream.next()]);
    expect(results.map((r) => r.value)).toEqual([1, 2, 3, undefined]);
    expect(results[3].done).toBe(true);
  });

  it('end() finishes a waiting reader and a for-await loop', async () => {
    const stream = new PullStream<number>(() => new Promise(() => undefined));
    const loop = (async () => {
      for await (const _ of stream) return 'item';
      return 'ended';
    })();
    stream.end();
    await expect(loop).resolves.toBe('ended');
  });

  it('rejects readers when the source fails', async () => {
    const stream = new PullStream<number>(async () => {
      throw new Error('socket broke');
    });
    await expect(stream.next()).rejects.toThrow('socket broke');
    await expect(stream.next()).rejects.toThrow('socket broke');
  });

  it('keeps an item whose reader timed out for the next reader', async () => {
    const source = delayed(['late'], 60);
    const stream = new PullStream(source);
    await expect(nextMessage(stream, 10)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await vi.waitFor(() => expect(source.answered(), 'the source to answer the timed-out pull').toBe(1), { timeout: 2000, interval: 10 });
    await expect(stream.next()).resolves.toEqual({ done: false, value: 'late' });
  });
});

describe('nextMessage over a foreign async iterator', () => {
  it('does not lose the item of a next() that lost the race', async () => {
    async function* gen() {
      await new Promise((r) => setTimeout(r, 60));
      yield 'a';
      yield 'b';
    }
    const it = gen();
    await expect(nextMessage(it, 10)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(nextMessage(it, 1000)).resolves.toBe('a');
    await expect(nextMessage(it, 1000)).resolves.toBe('b');
    await expect(nextMessage(it, 1000)).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
