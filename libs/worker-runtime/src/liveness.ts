/**
 * Liveness both ways. Heartbeats tell the coordinator this rank is alive while it
 * waits (exchange, data); a blocked event loop (a long compute) pauses them, which
 * the coordinator allows for through the reported step time. The watchdog gives
 * up on a coordinator that stays silent: neither a message from it nor the end of
 * this rank's own work for longer than the limit.
 */
import { makeMessage, MessageType, type MessageHeader, type ProtocolMessage } from '@acgan/protocol';

/** Sends a HEARTBEAT every `everyMs`; returns the function that stops them. */
export function startHeartbeats(send: (msg: ProtocolMessage) => Promise<void>, header: () => MessageHeader, everyMs: number): () => void {
  const timer = setInterval(() => {
    send(makeMessage(MessageType.HEARTBEAT, header(), { unixMs: Date.now() })).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export interface WatchdogOptions {
  /** Silence allowed, ms. */
  limitMs: number;
  /** False while silence is expected (waiting for a coordinator that may not exist yet). */
  armed: () => boolean;
  onSilent: (quietForMs: number) => void;
}

export class Watchdog {
  private lastHeard = Date.now();
  private workEndedAt = Date.now();

  /** A message from the coordinator arrived. */
  heard(): void {
    this.lastHeard = Date.now();
  }

  /** This rank's own work (a compute, an update) ended: the time it took was not the coordinator's silence. */
  worked(): void {
    this.workEndedAt = Date.now();
  }

  /** Checks twice a second; returns the function that stops it. */
  start(opts: WatchdogOptions): () => void {
    const timer = setInterval(() => {
      if (!opts.armed()) return;
      const quietFor = Date.now() - Math.max(this.lastHeard, this.workEndedAt);
      if (quietFor > opts.limitMs) opts.onSilent(quietFor);
    }, 500);
    timer.unref();
    return () => clearInterval(timer);
  }
}
