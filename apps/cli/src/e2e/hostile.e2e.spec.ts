/**
 * slow: a hostile or broken client on a live coordinator's endpoint. While two
 * real workers train, a third party sends garbage frames, truncated, oversized
 * and malformed messages, wrong versions and model hashes, forged ranks, stale
 * and future steps, wrong shapes, duplicate registrations and a heartbeat flood.
 * Every one is rejected with a logged reason and the trained parameters are
 * bit-identical to a clean run's.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dealer } from 'zeromq';
import { encodeFrames, makeGradientMessage, makeMessage, MessageType, Phase, PROTOCOL_VERSION } from '@acgan/protocol';
import { modelConfigHash, resolveConfig, parseArgs } from '@acgan/config';
import { listCheckpoints, readCheckpoint } from '@acgan/runs';
import { freePort, runCli, startCli, tinyJob } from './run-cli.ts';

const MODEL = ['--image-size', '16', '--width', '4', '--latent-dim', '8'];

/** Resident memory of a process, MB (Linux /proc). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb[1]) / 1024;
}
const STEPS = 60;

describe('slow: hostile input on the wire', () => {
  it('rejects every bad message with a reason and trains exactly as a clean run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-hostile-'));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '2', '--steps', String(STEPS), '--checkpoint-interval', '0', '--sample-interval', '0', ...tinyJob(dir)]);
    const workers = [0, 1].map((r) => startCli(['worker', '--connect', endpoint, ...MODEL, '--backend', 'wasm', '--rank', String(r)]));
    const hostile = new Dealer({ linger: 0, sendHighWaterMark: 100_000 });
    hostile.connect(endpoint);
    const hash = modelConfigHash(resolveConfig(parseArgs(MODEL).flags));
    const send = (frames: Buffer[]) => hostile.send(frames);
    const sent: string[] = [];
    const attack = async (label: string, frames: Buffer[]) => {
      sent.push(label);
      await send(frames);
    };
    await attack('random bytes', [Buffer.from('\x00\xffnot a protobuf envelope at all\x13\x37')]);
    const reg = encodeFrames(makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: PROTOCOL_VERSION, modelConfigHash: hash, requestedRank: 0, capabilities: { backend: 'wasm', host: 'evil', pid: 666 } }));
    await attack('truncated envelope', [reg[0].subarray(0, Math.max(1, reg[0].length - 5))]);
    await attack('extra frame', [...reg, Buffer.alloc(64)]);
    await attack('wrong version', encodeFrames(makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: 99, modelConfigHash: hash })));
    await attack('wrong model hash', encodeFrames(makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: PROTOCOL_VERSION, modelConfigHash: 'deadbeef' })));
    const gradient = (step: number, rank: number, data: Float32Array, total = 100) =>
      encodeFrames(makeGradientMessage({ session: 'guess', rank, step, phase: Phase.PHASE_D, bucket: 0, bucketCount: 1, data, wireDtype: 'f32', elementOffset: 0, totalElements: total }));
    await attack('forged rank, unregistered', gradient(0, 0, new Float32Array(100).fill(1e30)));
    await attack('future step', gradient(10_000, 1, new Float32Array(100)));
    const wrongLength = gradient(0, 1, new Float32Array(100));
    await attack('shape x dtype != byte length', [wrongLength[0], wrongLength[1].subarray(0, 396)]);
    // Let the real workers register first (requested ranks 0 and 1), then try to join a full run.
    await new Promise((r) => setTimeout(r, 3000));
    const rssBefore = rssMb(coordinator.child.pid!);
    await attack('oversized frame', [reg[0], Buffer.alloc(300 * 1024 * 1024)]);
    await attack('duplicate / late registration', reg);
    for (let i = 0; i < 3000; i++) {
      await send(encodeFrames(makeMessage(MessageType.HEARTBEAT, { session: 'flood', rank: 1 }, { unixMs: i })));
    }
    sent.push('heartbeat flood');
    await new Promise((r) => setTimeout(r, 1000));
    // Memory stays bounded: the 300 MB frame is refused by size, not buffered, and the flood is dropped as it comes.
    const rssAfter = rssMb(coordinator.child.pid!);
    expect(rssAfter - rssBefore, `coordinator RSS ${rssBefore.toFixed(0)} -> ${rssAfter.toFixed(0)} MB`).toBeLessThan(100);
    const [c, w0, w1] = await Promise.all([coordinator.done, workers[0].done, workers[1].done]);
    hostile.close();
    expect(c.code, c.stderr).toBe(0);
    expect(w0.code).toBe(0);
    expect(w1.code).toBe(0);
    const log = c.stderr;
    expect(log).toMatch(/dropped a bad message from \S+: (DECODE_FAILED|BAD_FRAME_COUNT|BAD_VERSION|UNKNOWN_TYPE)/);
    expect(log).toMatch(/refused registration from \? pid \?: protocol version 99, expected 1/);
    expect(log).toMatch(/refused registration .*model config hash "deadbeef"/);
    expect(log).toMatch(/dropped GRADIENT from unregistered sender/);
    // A late registration is held as a spare (it would replace a lost rank), never let in.
    expect(log).toMatch(/worker evil pid 666 waits as a spare: the run already has its 2 workers/);
    // The flood is dropped without flooding the log: the first 5 and every 1000th.
    const floodLines = log.split('\n').filter((l) => /dropped HEARTBEAT from unregistered sender/.test(l));
    expect(floodLines.length).toBeGreaterThan(0);
    expect(floodLines.length).toBeLessThanOrEqual(8);

    const clean = mkdtempSync(join(tmpdir(), 'acgan-e2e-hostile-clean-'));
    const ok = await runCli(['train', '--workers', '2', '--steps', String(STEPS), '--checkpoint-interval', '0', '--sample-interval', '0', ...tinyJob(clean)]);
    expect(ok.code, ok.stderr).toBe(0);
    const a = readCheckpoint(listCheckpoints(join(dir, 'checkpoints'))[0].path);
    const b = readCheckpoint(listCheckpoints(join(clean, 'checkpoints'))[0].path);
    expect(a.step).toBe(STEPS);
    const trained = (x: typeof a) => x.tensors.map((t) => Array.from(t.data));
    expect(trained(a)).toEqual(trained(b));
    expect(sent.length).toBeGreaterThanOrEqual(11);
  });
});
