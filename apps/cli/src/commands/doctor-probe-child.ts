/**
 * Child process of `acgan doctor`: loads ONE TF.js backend, as a worker would
 * (initBackend of @acgan/model, the backend asked for by name), runs a one-op
 * smoke test (a small matMul, compared with the product computed here in
 * JavaScript) and prints one JSON line (DoctorProbeAnswer). Each backend gets its
 * own process: tfjs-node and tfjs-node-gpu cannot both load into one, and a native
 * crash must not take doctor down.
 *
 *   node --import tsx apps/cli/src/commands/doctor-probe-child.ts webgpu
 */
import type { DoctorProbeAnswer } from './doctor-checks.ts';

const backend = process.argv[2] ?? '';
const answer: DoctorProbeAnswer = { backend, loaded: false };

/** A [m, k] x [k, n] product of small integers: exact in float32 and in TF32, so any backend must match it exactly. */
function smokeInputs(m = 4, k = 8, n = 3): { a: number[]; b: number[]; expected: number[]; shapes: [[number, number], [number, number]] } {
  const a = Array.from({ length: m * k }, (_, i) => (i % 7) - 3);
  const b = Array.from({ length: k * n }, (_, i) => (i % 5) - 2);
  const expected: number[] = [];
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += a[r * k + j] * b[j * n + c];
      expected.push(s);
    }
  }
  return {
    a,
    b,
    expected,
    shapes: [
      [m, k],
      [k, n],
    ],
  };
}

try {
  const model = await import('@acgan/model');
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'webgpu') {
    // Which adapter Dawn offers, named and flagged, before the backend takes it.
    try {
      answer.adapter = (await model.requestWebgpuAdapter()).info;
    } catch (e) {
      if (e instanceof model.WebgpuUnavailable) answer.errorKind = e.kind;
      throw e;
    }
  }
  const t0 = performance.now();
  const choice = await model.initBackend(backend as never);
  answer.loaded = true;
  answer.initMs = Math.round(performance.now() - t0);
  answer.tfBackend = choice.backend;
  if (choice.device) answer.device = choice.device;
  const engineBackend = tf.backend() as { isUsingGpuDevice?: boolean };
  if (typeof engineBackend.isUsingGpuDevice === 'boolean') answer.gpuDevice = engineBackend.isUsingGpuDevice;

  const { a, b, expected, shapes } = smokeInputs();
  const t1 = performance.now();
  const product = tf.matMul(tf.tensor2d(a, shapes[0]), tf.tensor2d(b, shapes[1]));
  // Read asynchronously: the webgpu backend has no synchronous read in Node.
  const got = Array.from(await product.data());
  const maxError = got.length === expected.length ? Math.max(...got.map((v, i) => Math.abs(v - expected[i]))) : Infinity;
  answer.smoke = {
    op: `matMul [${shapes[0].join('x')}] x [${shapes[1].join('x')}]`,
    ok: maxError === 0,
    maxError: Number.isFinite(maxError) ? maxError : -1,
    ms: Math.round(performance.now() - t1),
  };
} catch (e) {
  answer.error = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && 'kind' in e && typeof e.kind === 'string') answer.errorKind = e.kind;
}
// Exit at once: a GPU backend may keep handles (device threads) that would hold the process.
process.stdout.write(JSON.stringify(answer) + '\n', () => process.exit(0));
