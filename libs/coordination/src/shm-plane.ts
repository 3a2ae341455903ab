/**
 * The shared-memory data plane of the ranks on the coordinator's host (NCCL's SHM
 * transport, BytePS's summation service, in Node). The coordinator owns every segment:
 *
 * - one **slot** per rank, its gradient of the phase in flight: a local rank writes its
 *   buckets there itself and says so with SHM_GRADIENT (no bytes on the socket); a
 *   remote rank's GRADIENT frames are copied there on arrival;
 * - one **average** segment: each bucket's mean over the slots, in rank order, computed
 *   by the reduction threads (ReducePool); local ranks read it there after SHM_AVERAGED,
 *   remote ranks get it as AVERAGED frames that view the segment (no copy for f32).
 *
 * Memory traffic per phase: N slot writes, N reads and one write by the reduction, N
 * reads of the average: (2N+1)P plus the ranks' own reads. Each region is written only
 * when nobody reads it: a rank writes its slot for a phase only after it received every
 * average of the previous one (so every reduction of that phase is done), and the
 * coordinator writes an average only when every rank has sent that bucket of the phase,
 * which each does only after it has read the previous phase's averages.
 *
 * A replacement rank gets a fresh slot (a hung process that wakes up writes only into
 * the old, unlinked one). Segments are 0600 files with unguessable names; they are
 * offered only to ranks that say they can map them (their connection is local), and
 * removed when the plane closes or, after a crash, at the next coordinator's start.
 */
import { statfsSync } from 'node:fs';
import type { Logger } from '@acgan/config';
import { createSegment, nativeUnavailable, ReducePool, removeSegment, removeStaleSegments, SHM_DIR, type Segment } from '@acgan/shm';

/** What a rank needs to join the plane: its slot, the averages, and their size. */
export interface ShmOffer {
  slotPath: string;
  averagePath: string;
  bytes: number;
}

export class ShmPlane {
  private readonly slots = new Map<string, Segment>();
  private closed = false;

  private constructor(
    /** Floats of the largest phase's gradient: the size of every segment. */
    readonly floats: number,
    readonly average: Segment,
    readonly pool: ReducePool,
  ) {}

  /**
   * A plane for gradients of up to `floats` elements, or why there cannot be one. Removes
   * the segments that coordinators which died left behind first.
   */
  static open(floats: number, log: Logger, opts: { threads?: number; ranks?: number } = {}): ShmPlane | { unavailable: string } {
    const why = nativeUnavailable();
    if (why) return { unavailable: why };
    const stale = removeStaleSegments();
    if (stale.length > 0) log.info(`removed ${stale.length} shared-memory segment(s) left by a coordinator that is no longer running`);
    const bytes = floats * 4;
    const short = shortOfRoom(bytes, opts.ranks ?? 1);
    if (short) return { unavailable: short };
    let average: Segment;
    try {
      average = createSegment(bytes);
    } catch (err) {
      return { unavailable: `cannot create a ${bytes}-byte segment: ${(err as Error).message}` };
    }
    return new ShmPlane(floats, average, new ReducePool(opts.threads === undefined ? {} : { threads: opts.threads }));
  }

  /** The slot of a peer (a connection), made on first use. */
  slotOf(peerId: string): Segment {
    let slot = this.slots.get(peerId);
    if (!slot) {
      if (this.closed) throw new Error('the shared-memory plane is closed');
      slot = createSegment(this.floats * 4);
      this.slots.set(peerId, slot);
    }
    return slot;
  }

  /** What ASSIGN tells a local rank. */
  offer(peerId: string): ShmOffer {
    return { slotPath: this.slotOf(peerId).path, averagePath: this.average.path, bytes: this.floats * 4 };
  }

  /** A peer left the run (lost, or replaced): its slot goes. */
  drop(peerId: string): void {
    const slot = this.slots.get(peerId);
    if (!slot) return;
    this.slots.delete(peerId);
    removeSegment(slot);
    this.pool.forget(slot.path);
  }

  /** out = rank-order mean of the slots, over [from, to) of the average segment; whether all is finite. */
  mean(slots: readonly Segment[], from: number, to: number): Promise<boolean> {
    return this.pool.mean(this.average, slots, from, to);
  }

  /** Removes every segment and ends the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.slots.values()) removeSegment(slot);
    this.slots.clear();
    removeSegment(this.average);
    await this.pool.close();
  }
}

/**
 * Why `dir` cannot hold the plane of `ranks` ranks (a slot each and the average, `bytes`
 * each), or '' when it can. A container's /dev/shm is often small (Docker's default is
 * 64 MB; the article's model at 8 ranks needs 9 x 51 MB): the run then exchanges over
 * ZeroMQ, saying how to make room, rather than stopping at a full tmpfs mid-run.
 */
export function shortOfRoom(bytes: number, ranks: number, dir = SHM_DIR): string {
  let free: number;
  try {
    const fs = statfsSync(dir);
    free = fs.bavail * fs.bsize;
  } catch (err) {
    return `cannot read the free space of ${dir}: ${(err as Error).message}`;
  }
  const need = (ranks + 1) * bytes;
  if (free >= need) return '';
  const mb = (n: number) => `${Math.ceil(n / 2 ** 20)} MB`;
  return `${dir} has ${mb(free)} free, the plane of ${ranks} rank(s) needs ${mb(need)} (${ranks + 1} segments of ${mb(bytes)}); make room (in Docker: --shm-size ${Math.ceil((need * 1.25) / 2 ** 30)}g) or pass --data-plane sockets to say ZeroMQ is meant`;
}
