/**
 * One worker of `acgan bench allreduce`: pushes its gradient in buckets every
 * round and waits for all averaged buckets before the next round. Told its
 * shared-memory segments in the coordinator's "go" (an ASSIGN), it writes each
 * bucket into its slot and announces it, and copies each average out of the
 * average segment; else it sends and receives frames.
 * argv: endpoint rank totalElements chunkMb rounds wireDtype
 */
import {
  bodyOf,
  connectClient,
  decodeToF32,
  makeGradientMessage,
  makeMessage,
  makeSharedGradientMessage,
  maxFrameBytes,
  MessageType,
  Phase,
  protoToWireDtype,
  splitIntoBuckets,
  type WireDtype,
} from '@acgan/protocol';
import { openSegment } from '@acgan/shm';

const [endpoint, rankArg, totalArg, chunkArg, roundsArg, dtypeArg] = process.argv.slice(2);
const rank = Number(rankArg);
const total = Number(totalArg);
const rounds = Number(roundsArg);
const wireDtype = dtypeArg as WireDtype;
const spans = splitIntoBuckets(total, Math.floor((Number(chunkArg) * 1024 * 1024) / 4));
const grads = new Float32Array(total);
for (let i = 0; i < total; i++) grads[i] = ((i * 7 + rank) % 1000) / 1000;
const out = new Float32Array(total);

const client = await connectClient(endpoint, { maxMessageSize: maxFrameBytes(Math.ceil(Number(chunkArg) * 1024 * 1024)) });
const inbox = client.messages()[Symbol.asyncIterator]();
await client.send(makeMessage(MessageType.READY, { session: 'bench', rank }, { step: 0 }));
const go = await inbox.next();
const offer = go.done ? undefined : bodyOf(go.value.msg!, MessageType.ASSIGN).sharedMemory;
const shm = offer ? { slot: openSegment(offer.slotPath!, offer.bytes!).floats, average: openSegment(offer.averagePath!, offer.bytes!).floats } : undefined;
for (let round = 0; round < rounds; round++) {
  for (let b = 0; b < spans.length; b++) {
    const { offset, length } = spans[b];
    if (shm) {
      shm.slot.set(grads.subarray(offset, offset + length), offset);
      await client.send(
        makeSharedGradientMessage({ session: 'bench', rank, step: round, phase: Phase.PHASE_D, bucket: b, bucketCount: spans.length, totalElements: total, hasNonFinite: false }),
      );
      continue;
    }
    await client.send(
      makeGradientMessage({
        session: 'bench',
        rank,
        step: round,
        phase: Phase.PHASE_D,
        bucket: b,
        bucketCount: spans.length,
        data: grads.subarray(offset, offset + length),
        wireDtype,
        elementOffset: offset,
        totalElements: total,
      }),
    );
  }
  for (let got = 0; got < spans.length; got++) {
    const next = await inbox.next();
    if (next.done || !next.value.msg) throw new Error(`peer ${rank}: connection ended in round ${round}`);
    const env = next.value.msg.envelope;
    const span = spans[env.bucket];
    if (shm) out.set(shm.average.subarray(span.offset, span.offset + span.length), span.offset);
    else decodeToF32(next.value.msg.payloads[0], protoToWireDtype(env.chunks[0].dtype ?? 0)!, out.subarray(span.offset, span.offset + span.length));
  }
}
await client.close();
