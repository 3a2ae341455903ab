// The ROUTER's outgoing side: one queue per peer, drained in turn through the one socket.
//
// Why not one promise chain for all peers (as a DEALER has, with its single pipe)? With
// ROUTER_MANDATORY a send to a peer whose pipe is at its high-water mark fails at once with
// EAGAIN, whatever ZMQ_SNDTIMEO says: libzmq reports the ROUTER writable as soon as ANY pipe
// has room, so zeromq.js's wait for room returns immediately for the full one. A burst of
// averages (say 130 buckets of a phase) to a rank that is busy for a moment then dropped one
// AVERAGED, and that rank waited for it until its timeout: a hang. And a single chain stalls
// every peer behind the slowest one.
//
// Here a full pipe parks that peer's queue (retried after 1, 2, 4 ... 32 ms) while the other
// peers' queues go on; messages to one peer keep their order. A peer whose queue makes no
// progress for `timeoutMs` is not reading: its queued sends fail with TIMEOUT (and the
// coordinator's liveness check deals with the rank).
import type * as zmq from 'zeromq';
import { ProtocolError } from './protocol-error.ts';

interface Pending {
  frames: Buffer[];
  resolve: () => void;
  reject: (err: ProtocolError) => void;
}

interface Queue {
  items: Pending[];
  /** No retry before this time (ms since epoch); 0 when it may be tried now. */
  retryAt: number;
  backoffMs: number;
  /** When this queue last handed a message to libzmq (or got its first one). */
  lastProgress: number;
}

const MAX_BACKOFF_MS = 32;

export class PeerOutbox {
  private readonly queues = new Map<string, Queue>();
  /** Peers with queued messages, in the order they are served. */
  private readonly ready: string[] = [];
  private pumping = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly socket: zmq.Router,
    private readonly timeoutMs: number,
    /** Maps a send failure other than a full pipe to the error the caller gets. */
    private readonly toError: (err: unknown, to: string) => ProtocolError,
  ) {}

  /** Queues `frames` (routing id first) for `peer`; resolves when libzmq has taken them. */
  send(peer: string, frames: Buffer[]): Promise<void> {
    if (this.closed) return Promise.reject(new ProtocolError('CLOSED', `send to peer ${peer} after close`));
    return new Promise<void>((resolve, reject) => {
      let q = this.queues.get(peer);
      if (!q) {
        q = { items: [], retryAt: 0, backoffMs: 1, lastProgress: Date.now() };
        this.queues.set(peer, q);
      }
      if (q.items.length === 0) q.lastProgress = Date.now();
      q.items.push({ frames, resolve, reject });
      if (!this.ready.includes(peer)) this.ready.push(peer);
      void this.pump();
    });
  }

  /** Resolves once every queued message has been handed to libzmq or has failed, or after `ms`. */
  async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.ready.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  }

  /** Fails everything still queued with CLOSED; later sends are refused. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const [peer, q] of this.queues) for (const p of q.items.splice(0)) p.reject(new ProtocolError('CLOSED', `send to peer ${peer}: socket closed before it was sent`));
    this.ready.length = 0;
  }

  /** Sends queued messages round-robin over the peers until every queue is empty or parked. */
  private async pump(): Promise<void> {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      for (;;) {
        const now = Date.now();
        const i = this.ready.findIndex((peer) => this.queues.get(peer)!.retryAt <= now);
        if (i < 0) break;
        const peer = this.ready.splice(i, 1)[0];
        const q = this.queues.get(peer)!;
        const head = q.items[0];
        try {
          if (this.socket.closed) throw Object.assign(new Error('socket closed'), { code: 'ENOTSOCK' });
          await this.socket.send(head.frames);
          q.items.shift();
          q.retryAt = 0;
          q.backoffMs = 1;
          q.lastProgress = Date.now();
          head.resolve();
        } catch (err) {
          if ((err as { code?: string }).code === 'EAGAIN' && !this.closed) {
            // Its pipe is full: park this peer, serve the others.
            if (Date.now() - q.lastProgress > this.timeoutMs) {
              const e = new ProtocolError(
                'TIMEOUT',
                `send to peer ${peer}: queue still full after ${this.timeoutMs} ms (peer not reading?)`,
                { got: 'full queue', expected: `room within ${this.timeoutMs} ms` },
                { cause: err },
              );
              for (const p of q.items.splice(0)) p.reject(e);
            } else {
              q.retryAt = Date.now() + q.backoffMs;
              q.backoffMs = Math.min(MAX_BACKOFF_MS, q.backoffMs * 2);
            }
          } else {
            q.items.shift();
            head.reject(this.toError(err, `peer ${peer}`));
          }
        }
        // A send() during the await may have put this peer back already.
        if (q.items.length === 0) this.queues.delete(peer);
        else if (!this.ready.includes(peer)) this.ready.push(peer);
        if (!this.queues.has(peer)) this.ready.splice(0, this.ready.length, ...this.ready.filter((p) => p !== peer));
      }
    } finally {
      this.pumping = false;
    }
    // Everything left is parked: come back when the first may be retried.
    if (this.ready.length > 0 && !this.closed) {
      const next = Math.min(...this.ready.map((peer) => this.queues.get(peer)!.retryAt));
      this.timer = setTimeout(() => void this.pump(), Math.max(0, next - Date.now()));
    }
  }
}
