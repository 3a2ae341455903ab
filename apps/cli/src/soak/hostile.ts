/**
 * The soak's hostile client: bursts of bad traffic at a live coordinator's
 * endpoint (plaintext TCP on loopback, the launcher's `--bind`), each on a fresh
 * connection of its own. Every message must be dropped or refused without costing
 * the run a rank or a bit of its result.
 */
import { Dealer } from 'zeromq';
import { modelConfigHash, parseArgs, resolveConfig } from '@acgan/config';
import { DEFAULT_LIMITS, encodeFrames, makeGradientMessage, makeMessage, maxFrameBytes, MessageType, Phase, PROTOCOL_VERSION } from '@acgan/protocol';
import type { HostileAttack } from './nemesis.ts';

/** An envelope of `bytes` bytes: a HEARTBEAT header, then `unit` repeated (valid protobuf, costly to decode). */
function costlyEnvelope(bytes: number, unit: readonly number[]): Buffer {
  const head = [0x08, PROTOCOL_VERSION, 0x10, MessageType.HEARTBEAT];
  const count = Math.floor((bytes - head.length) / unit.length);
  const out = Buffer.alloc(head.length + count * unit.length);
  out.set(head, 0);
  for (let i = 0; i < count; i++) out.set(unit, head.length + i * unit.length);
  return out;
}

export interface HostileResult {
  /** Messages sent, all attacks together. */
  messages: number;
  /** Replies the coordinator sent back (refusals, "run full"). */
  replies: number;
}

/**
 * Sends the `attacks` to `endpoint`. `modelFlags` are the run's model flags: the
 * spare registration uses the run's real model hash (a stranger can compute it
 * from the flags), every other registration a wrong one.
 */
export async function sendHostileBurst(endpoint: string, attacks: readonly HostileAttack[], modelFlags: readonly string[], chunkBytes = 4 * 1024 * 1024): Promise<HostileResult> {
  const hash = modelConfigHash(resolveConfig(parseArgs(modelFlags).flags));
  const dealers: Dealer[] = [];
  const open = (): Dealer => {
    const d = new Dealer({ linger: 0, sendHighWaterMark: 100_000, sendTimeout: 2000 });
    d.connect(endpoint);
    dealers.push(d);
    return d;
  };
  let replies = 0;
  const main = open();
  const listening = (async () => {
    for await (const _ of main) replies++;
  })().catch(() => undefined);
  let messages = 0;
  const send = async (frames: Buffer[], to = main): Promise<void> => {
    await to.send(frames);
    messages++;
  };
  const register = (modelHash: string, host = 'soak-hostile', requestedRank = -1) =>
    encodeFrames(
      makeMessage(
        MessageType.REGISTER,
        { session: '' },
        { protocolVersion: PROTOCOL_VERSION, modelConfigHash: modelHash, requestedRank, capabilities: { backend: 'wasm', host, pid: 4242 } },
      ),
    );
  const gradient = (step: number, rank: number, data: Float32Array) =>
    encodeFrames(
      makeGradientMessage({ session: 'forged', rank, step, phase: Phase.PHASE_D, bucket: 0, bucketCount: 1, data, wireDtype: 'f32', elementOffset: 0, totalElements: data.length }),
    );
  try {
    for (const attack of attacks) {
      switch (attack) {
        case 'random-bytes':
          await send([Buffer.from('\x00\xffsoak: not a protobuf envelope\x13\x37')]);
          break;
        case 'truncated-envelope': {
          const reg = register('deadbeef');
          await send([reg[0].subarray(0, Math.max(1, reg[0].length - 5))]);
          break;
        }
        case 'wrong-version':
          await send(encodeFrames(makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: 99, modelConfigHash: hash })));
          break;
        case 'wrong-model-hash':
          await send(register('deadbeef'));
          break;
        case 'forged-gradient':
          await send(gradient(0, 0, new Float32Array(100).fill(1e30)));
          break;
        case 'future-step':
          await send(gradient(1_000_000, 1, new Float32Array(100)));
          break;
        case 'wrong-length': {
          const g = gradient(0, 1, new Float32Array(100));
          await send([g[0], g[1].subarray(0, 396)]);
          break;
        }
        case 'oversized-frame':
          // One byte over the largest frame the run sends: the coordinator's socket drops the connection.
          await send([register('deadbeef')[0], Buffer.alloc(maxFrameBytes(chunkBytes) + 1)], open());
          break;
        case 'spare-registration':
          await send(register(hash, 'soak-spare'));
          break;
        case 'heartbeat-flood':
          for (let i = 0; i < 1000; i++) await send(encodeFrames(makeMessage(MessageType.HEARTBEAT, { session: 'flood', rank: 1 }, { unixMs: i })));
          break;
        case 'costly-envelope':
          await send([costlyEnvelope(DEFAULT_LIMITS.maxEnvelopeBytes, [0x4a, 0x00]), Buffer.alloc(0)]);
          break;
        case 'nested-groups':
          await send([costlyEnvelope(DEFAULT_LIMITS.maxEnvelopeBytes, [0x7b])]);
          break;
        case 'forged-host-name':
          // A log line forged into a host name: it must stay one escaped line (the soak's own parser reads these lines too).
          await send(register('deadbeef', 'evil\n00:00:00.000 debug [coordinator] checksums agree after step 99999999: 0\u001b[2J'));
          break;
        case 'registration-flood':
          for (let c = 0; c < 5; c++) {
            const d = open();
            for (let i = 0; i < 50; i++) await send(register('deadbeef', 'soak-flood'), d);
          }
          break;
      }
    }
    // Let the coordinator read it all (and answer) before the connections close.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    for (const d of dealers) d.close();
    await listening;
  }
  return { messages, replies };
}
