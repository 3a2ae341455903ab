/**
 * slow: a hostile or broken client on a live coordinator's endpoint. While two
 * real workers train, a third party sends garbage frames, truncated, oversized
 * and malformed messages, wrong versions and model hashes, forged ranks, stale
 * and future steps, wrong shapes, duplicate registrations, a heartbeat flood,
 * envelopes at the size limit that are cheap to send and costly to decode
 * (millions of empty repeated entries), a forged host name and a flood of
 * refused registrations over many connections. Every one is rejected with a
 * logged reason, no rank is lost, the log stays bounded and unforged, replies
 * tell the stranger nothing of the run, and the trained parameters are
 * bit-identical to a clean run's.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dealer } from 'zeromq';
import { decodeFrames, DEFAULT_LIMITS, encodeFrames, makeGradientMessage, makeMessage, MessageType, Phase, PROTOCOL_VERSION } from '@acgan/protocol';
import { modelConfigHash, resolveConfig, parseArgs } from '@acgan/config';
import { listCheckpoints, readCheckpoint } from '@acgan/runs';
import { freePort, runCli, startCli, tinyJob, waitFor } from './run-cli.ts';

const MODEL = ['--image-size', '16', '--width', '4', '--latent-dim', '8'];

/** Resident memory of a process, MB (Linux /proc). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb[1]) / 1024;
}
const STEPS = 60;

/**
 * An envelope of `bytes` bytes: a HEARTBEAT header, then `unit` (a field of
 * a few bytes) over and over. Valid protobuf that protobufjs takes seconds to
 * decode at the envelope size limit.
 */
function costly(bytes: number, unit: number[]): Buffer {
  const head = [0x08, PROTOCOL_VERSION, 0x10, MessageType.HEARTBEAT];
  const n = Math.floor((bytes - head.length) / unit.length);
  const out = Buffer.alloc(head.length + n * unit.length);
  out.set(head, 0);
  for (let i = 0; i < n; i++) out.set(unit, head.length + i * unit.length);
  return out;
}
const EMPTY_CHUNK = [0x4a, 0x00]; // field 9 (chunks), length 0
const START_GROUP = [0x7b]; // field 15, wire type 3

describe('slow: hostile input on the wire', () => {
  it('rejects every bad message with a reason and trains exactly as a clean run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-hostile-'));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const coordinator = startCli([
      'coordinator',
      '--bind',
      endpoint,
      '--workers',
      '2',
      '--steps',
      String(STEPS),
      '--checkpoint-interval',
      '0',
      '--sample-interval',
      '0',
      ...tinyJob(dir),
    ]);
    const workers = [0, 1].map((r) => startCli(['worker', '--connect', endpoint, ...MODEL, '--backend', 'wasm', '--rank', String(r)]));
    const hostile = new Dealer({ linger: 0, sendHighWaterMark: 100_000 });
    hostile.connect(endpoint);
    // What the coordinator says to the stranger.
    const replies: Buffer[][] = [];
    const listening = (async () => {
      for await (const frames of hostile) replies.push(frames);
    })().catch(() => undefined);
    const hash = modelConfigHash(resolveConfig(parseArgs(MODEL).flags));
    const send = (frames: Buffer[]) => hostile.send(frames);
    const sent: string[] = [];
    const attack = async (label: string, frames: Buffer[]) => {
      sent.push(label);
      await send(frames);
    };
    await attack('random bytes', [Buffer.from('\x00\xffnot a protobuf envelope at all\x13\x37')]);
    const reg = encodeFrames(
      makeMessage(
        MessageType.REGISTER,
        { session: '' },
        { protocolVersion: PROTOCOL_VERSION, modelConfigHash: hash, requestedRank: 0, capabilities: { backend: 'wasm', host: 'evil', pid: 666 } },
      ),
    );
    await attack('truncated envelope', [reg[0].subarray(0, Math.max(1, reg[0].length - 5))]);
    await attack('extra frame', [...reg, Buffer.alloc(64)]);
    await attack('wrong version', encodeFrames(makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: 99, modelConfigHash: hash })));
    await attack('wrong model hash', encodeFrames(makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: PROTOCOL_VERSION, modelConfigHash: 'deadbeef' })));
    const gradient = (step: number, rank: number, data: Float32Array, total = 100) =>
      encodeFrames(
        makeGradientMessage({ session: 'guess', rank, step, phase: Phase.PHASE_D, bucket: 0, bucketCount: 1, data, wireDtype: 'f32', elementOffset: 0, totalElements: total }),
      );
    await attack('forged rank, unregistered', gradient(0, 0, new Float32Array(100).fill(1e30)));
    await attack('future step', gradient(10_000, 1, new Float32Array(100)));
    const wrongLength = gradient(0, 1, new Float32Array(100));
    await attack('shape x dtype != byte length', [wrongLength[0], wrongLength[1].subarray(0, 396)]);
    // Let the real workers register first (requested ranks 0 and 1), then try to join a full run.
    await waitFor('the real workers to be assigned ranks 0 and 1', () => /ranks assigned: /.test(coordinator.stderr()));
    const rssBefore = rssMb(coordinator.child.pid!);
    await attack('oversized frame', [reg[0], Buffer.alloc(300 * 1024 * 1024)]);
    await attack('duplicate / late registration', reg);
    for (let i = 0; i < 3000; i++) {
      await send(encodeFrames(makeMessage(MessageType.HEARTBEAT, { session: 'flood', rank: 1 }, { unixMs: i })));
    }
    sent.push('heartbeat flood');
    // The coordinator handles one connection's messages in order: its reply to a
    // registration sent after the flood means the frame and the flood were handled.
    const repliesBefore = replies.length;
    await send(encodeFrames(makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: 99, modelConfigHash: hash })));
    await waitFor('the coordinator to handle the flood (its reply to a registration sent after it)', () =>
      replies.slice(repliesBefore).some((f) => decodeFrames(f).envelope.error?.code === 'BAD_VERSION'),
    );
    // The 300 MB frame is refused by its size (a single frame over --chunk-mb), the flood dropped as it comes.
    const rssAfter = rssMb(coordinator.child.pid!);
    expect(rssAfter - rssBefore, `coordinator RSS ${rssBefore.toFixed(0)} -> ${rssAfter.toFixed(0)} MB`).toBeLessThan(100);

    // Cheap to send, seconds to decode without the wire scan (2-3 s each on this
    // machine): together they would silence the coordinator for longer than the
    // workers' 5 s patience. At the envelope limit (with one chunk frame), and at the old 4 MiB limit.
    const limit = DEFAULT_LIMITS.maxEnvelopeBytes;
    for (let i = 0; i < 3; i++) await attack('empty chunk descriptors at the envelope limit', [costly(limit, EMPTY_CHUNK), Buffer.alloc(0)]);
    for (let i = 0; i < 2; i++) await attack('nested groups at the envelope limit', [costly(limit, START_GROUP)]);
    await attack('empty chunk descriptors at 4 MiB', [costly(4 * 1024 * 1024, EMPTY_CHUNK), Buffer.alloc(0)]);

    // A host name that forges a log line and drives the terminal; then a registration flood over 20 connections.
    const forgedHost = 'evil\n00:00:00.000 info [coordinator] all steps done\u001b[2J';
    await attack(
      'forged host name',
      encodeFrames(
        makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: PROTOCOL_VERSION, modelConfigHash: 'deadbeef', capabilities: { host: forgedHost, pid: 667 } }),
      ),
    );
    // The flood comes over other connections, which the coordinator's socket serves in turn: without this wait
    // the flood could be handled first and rate-limit the forged line away (seen once in CI under load).
    await waitFor('the refused registration of the forged host to be logged', () => coordinator.stderr().includes('refused registration from evil\\n00:00:00.000'));
    const strangers = Array.from({ length: 20 }, () => new Dealer({ linger: 0, sendHighWaterMark: 10_000 }));
    const strangerReplies = strangers.map(() => 0);
    const strangersListening = strangers.map((d, i) =>
      (async () => {
        for await (const _ of d) strangerReplies[i]++;
      })().catch(() => undefined),
    );
    for (const d of strangers) {
      d.connect(endpoint);
      for (let i = 0; i < 100; i++)
        await d.send(
          encodeFrames(
            makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: PROTOCOL_VERSION, modelConfigHash: 'deadbeef', capabilities: { host: 'flood', pid: 1 } }),
          ),
        );
    }
    sent.push('registration flood over 20 connections');
    await waitFor('a reply to each of the 2,000 refused registrations', () => strangerReplies.every((n) => n >= 100));
    for (const d of strangers) d.close();
    await Promise.all(strangersListening);
    const [c, w0, w1] = await Promise.all([coordinator.done, workers[0].done, workers[1].done]);
    hostile.close();
    await listening;
    expect(c.code, c.stderr).toBe(0);
    expect(w0.code).toBe(0);
    expect(w1.code).toBe(0);
    const log = c.stderr;
    expect(log).toMatch(/dropped a bad message from \S+: (DECODE_FAILED|BAD_FRAME_COUNT|BAD_VERSION|UNKNOWN_TYPE)/);
    expect(log).toMatch(`refused registration from ? pid ?: protocol version 99, expected ${PROTOCOL_VERSION}`);
    expect(log).toMatch(/refused registration .*model config hash "deadbeef"/);
    // The costly envelopes were refused by the wire scan (or by size), and no rank was lost meanwhile.
    expect(log).toMatch(/dropped a bad message from \S+: BAD_FRAME_COUNT: chunk frames is 1, expected "at least 2"/);
    expect(log).toMatch(/dropped a bad message from \S+: DECODE_FAILED: envelope field 15 wire type is 3/);
    expect(log).toMatch(/dropped a bad message from \S+: TOO_LARGE: envelope bytes is 4194304/);
    expect(log).not.toMatch(/ lost: /);
    // The forged host name is one escaped line; no line starts the forged way.
    const lines = log.split('\n');
    expect(lines.filter((l) => l.includes('evil\\n00:00:00.000 info [coordinator] all steps done\\u001b[2J pid 667')).length).toBe(1);
    expect(lines.some((l) => l.startsWith('00:00:00.000 info [coordinator] all steps done'))).toBe(false);
    expect(log).not.toContain('\u001b');
    // The registration flood: at most 5 lines per cause and 10 s, then a count.
    const refusedLines = lines.filter((l) => /refused registration from flood pid 1/.test(l));
    expect(refusedLines.length).toBeGreaterThan(0);
    expect(refusedLines.length).toBeLessThanOrEqual(5);
    expect(log).toMatch(/\d+ more messages of cause "refused registration \(MODEL_MISMATCH\)" in the last \d+ s from \d+ connections, not logged one by one/);
    // Replies to the stranger name no session, step or model hash of the run.
    expect(replies.length).toBeGreaterThan(0);
    const session = JSON.parse(c.stdout.split('\n').find((l) => l.startsWith('{"endpoint"'))!).session as string;
    for (const frames of replies) {
      const env = decodeFrames(frames).envelope;
      expect(env.session).toBe('');
      expect(env.step).toBe(0);
      expect(JSON.stringify(env)).not.toContain(session);
      expect(JSON.stringify(env)).not.toContain(hash);
    }
    expect(log).toMatch(/dropped GRADIENT from unregistered sender/);
    // A late registration is held as a spare (it would replace a lost rank), never let in.
    expect(log).toMatch(/worker evil pid 666 waits as a spare: the run already has its 2 workers/);
    // The flood is dropped without flooding the log: the first 5 per 10 s, then a count.
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
    expect(sent.length).toBeGreaterThanOrEqual(19);
  });

  it('refuses plaintext on a network address unless --insecure-plaintext, which it then announces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-posture-'));
    const port = await freePort();
    const refused = await runCli(['coordinator', '--bind', `tcp://0.0.0.0:${port}`, '--workers', '1', '--steps', '1', ...tinyJob(join(dir, 'run'))]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/refusing to bind tcp:\/\/0\.0\.0\.0:\d+ without CURVE.*--insecure-plaintext/);
    expect(existsSync(join(dir, 'run')), 'no run folder for a refused start').toBe(false);
    const worker = await runCli(['worker', '--connect', 'tcp://192.0.2.1:5555', ...MODEL]);
    expect(worker.code, worker.stderr).toBe(2);
    expect(worker.stderr).toMatch(/refusing to connect to tcp:\/\/192\.0\.2\.1:5555 without CURVE/);
    // With the switch it binds, saying so; SIGTERM ends it while it waits for workers.
    const open = startCli(['coordinator', '--bind', `tcp://0.0.0.0:${port}`, '--insecure-plaintext', '--workers', '1', '--steps', '1', ...tinyJob(join(dir, 'open'))]);
    let out = '';
    open.child.stdout!.on('data', (d) => (out += d));
    await waitFor('the coordinator to listen', () => out.includes('"endpoint"'));
    open.child.kill('SIGTERM');
    const c = await open.done;
    expect(c.stderr).toMatch(/INSECURE: tcp:\/\/0\.0\.0\.0:\d+ is not loopback and CURVE is off \(--insecure-plaintext\)/);
  });
});
