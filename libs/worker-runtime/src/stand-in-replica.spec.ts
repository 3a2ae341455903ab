import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, modelConfigOf } from '@acgan/config';
import { ARTICLE_MODEL_CONFIG, summarizeModel } from '@acgan/model';
import { markPositions, STANDIN_COMPUTE_MS_ENV, STANDIN_MARKS, standInComputeMs, StandInFeed, StandInReplica } from './stand-in-replica.ts';

const DEFAULT_MODEL = modelConfigOf(DEFAULT_CONFIG);
const batch = { images: new Float32Array(0), labels: new Int32Array(0) };

/** Copies of both phases' gradients of one (step, rank). */
async function gradsOf(r: StandInReplica, step: number, rank: number): Promise<{ D: Float32Array; G: Float32Array }> {
  const D = (await r.computeGradients('D', batch, { step, rank })).grads.slice();
  const G = (await r.computeGradients('G', batch, { step, rank })).grads.slice();
  return { D, G };
}

function differingIndices(a: Float32Array, b: Float32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) out.push(i);
  return out;
}

describe('StandInReplica', () => {
  it("has the model's exact gradient sizes, from the config alone", () => {
    const summary = summarizeModel(DEFAULT_MODEL);
    expect(new StandInReplica(DEFAULT_MODEL, 0).sizes).toEqual({ D: summary.discriminator, G: summary.generator });
    const article = new StandInReplica(ARTICLE_MODEL_CONFIG, 0);
    expect(article.sizes).toEqual({ D: 11_070_851, G: 12_675_915 });
  });

  it('yields the same bytes for the same (step, rank, phase) in any replica, and others only at the marks', async () => {
    const a = new StandInReplica(DEFAULT_MODEL, 0);
    const b = new StandInReplica(DEFAULT_MODEL, 0);
    // b reaches (3, 1) by another history: the bytes depend on (step, rank, phase) only.
    await gradsOf(b, 0, 0);
    await gradsOf(b, 7, 2);
    const x = await gradsOf(a, 3, 1);
    const y = await gradsOf(b, 3, 1);
    expect(differingIndices(x.D, y.D)).toEqual([]);
    expect(differingIndices(x.G, y.G)).toEqual([]);
    for (const phase of ['D', 'G'] as const) {
      const marks = Array.from(markPositions(a.sizes[phase]));
      expect(marks).toHaveLength(STANDIN_MARKS);
      expect(marks[0]).toBe(0);
      for (const [step, rank] of [
        [3, 0],
        [4, 1],
      ]) {
        const other = (await gradsOf(a, step, rank))[phase];
        const diff = differingIndices(x[phase], other);
        // Every difference sits on a mark, and nearly every mark differs.
        expect(diff.every((i) => marks.includes(i))).toBe(true);
        expect(diff.length).toBeGreaterThan(STANDIN_MARKS - 4);
      }
      expect(x[phase].reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(1e-3);
    }
    // D and G are not the same pattern.
    expect(differingIndices(x.D.subarray(0, 1000), x.G.subarray(0, 1000)).length).toBeGreaterThan(990);
  });

  it('rewrites index 0 each call, so a failpoint NaN does not outlive its step', async () => {
    const r = new StandInReplica(DEFAULT_MODEL, 0);
    const clean = (await r.computeGradients('D', batch, { step: 1, rank: 0 })).grads[0];
    (await r.computeGradients('D', batch, { step: 2, rank: 0 })).grads[0] = Number.NaN;
    expect((await r.computeGradients('D', batch, { step: 1, rank: 0 })).grads[0]).toBe(clean);
  });

  it('waits the compute time with the event loop free', async () => {
    const r = new StandInReplica(DEFAULT_MODEL, 60);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const t0 = performance.now();
    await r.computeGradients('G', batch, { step: 0, rank: 0 });
    const took = performance.now() - t0;
    clearInterval(timer);
    expect(took).toBeGreaterThanOrEqual(59);
    expect(ticks).toBeGreaterThan(2);
  });

  it('checksums the averages applied: equal replicas agree, a different average differs, the state carries it', async () => {
    const a = new StandInReplica(DEFAULT_MODEL, 0);
    const b = new StandInReplica(DEFAULT_MODEL, 0);
    expect(await a.parameterChecksum()).toMatch(/^[0-9a-f]{16}$/);
    const avg = await gradsOf(a, 0, 0);
    for (const r of [a, b]) {
      r.applyGradients('D', avg.D);
      r.applyGradients('G', avg.G);
    }
    expect(await a.parameterChecksum()).toBe(await b.parameterChecksum());
    const state = await a.getState();
    const c = new StandInReplica(DEFAULT_MODEL, 0);
    c.setState(state);
    expect(await c.parameterChecksum()).toBe(await a.parameterChecksum());
    const off = avg.D.slice();
    off[markPositions(off.length)[5]] += 1e-4;
    a.applyGradients('D', avg.D);
    b.applyGradients('D', off);
    expect(await a.parameterChecksum()).not.toBe(await b.parameterChecksum());
    expect(() => a.applyGradients('D', avg.G)).toThrow(/applyGradients\(D\): got 225593 values, expected a Float32Array of 178619/);
    expect(() => c.setState([{ name: 'generator/g_dense/kernel', shape: [1], data: new Float32Array(1) }])).toThrow(/stand-in expects "standin\/applied"/);
  });

  it('generates blank images of the model shape and has no generator to evaluate', async () => {
    const r = new StandInReplica(DEFAULT_MODEL, 0);
    const images = await r.generate(1, new Int32Array(3));
    expect(images.length).toBe(3 * 32 * 32 * 1);
    expect(r.generator).toBeUndefined();
    expect(await r.precompile()).toBe(false);
  });
});

describe('the stand-in switch and feed', () => {
  it(`reads ${STANDIN_COMPUTE_MS_ENV}: unset or empty is a real replica, a number >= 0 the stand-in, anything else an error`, () => {
    expect(standInComputeMs({})).toBeUndefined();
    expect(standInComputeMs({ [STANDIN_COMPUTE_MS_ENV]: ' ' })).toBeUndefined();
    expect(standInComputeMs({ [STANDIN_COMPUTE_MS_ENV]: '20' })).toBe(20);
    expect(standInComputeMs({ [STANDIN_COMPUTE_MS_ENV]: '0' })).toBe(0);
    expect(() => standInComputeMs({ [STANDIN_COMPUTE_MS_ENV]: '-1' })).toThrow(/expected a number of milliseconds >= 0/);
    expect(() => standInComputeMs({ [STANDIN_COMPUTE_MS_ENV]: 'fast' })).toThrow(/"fast"/);
  });

  it('hands out one empty batch per step, from the start step and from a re-slice', async () => {
    const feed = new StandInFeed(5);
    expect((await feed.next()).step).toBe(5);
    expect((await feed.next()).step).toBe(6);
    await feed.reslice({ rank: 0, worldSize: 1, session: 's' }, 2);
    const b = await feed.next();
    expect(b.step).toBe(2);
    expect(b.images.length).toBe(0);
  });
});
