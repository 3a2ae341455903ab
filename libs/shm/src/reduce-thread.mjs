// A thread of the ReducePool (reduce-pool.ts): maps the segments it is told about
// (once each, by path) and computes the rank-order mean of one slice with the native
// kernel. Plain JavaScript: worker threads start without the TypeScript loader.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';

const native = createRequire(import.meta.url)(fileURLToPath(new URL('../build/shm.node', import.meta.url)));
const mapped = new Map();

function floats([path, bytes]) {
  let f = mapped.get(path);
  if (!f || f.byteLength !== bytes) {
    f = new Float32Array(native.map(path, bytes, false));
    mapped.set(path, f);
  }
  return f;
}

parentPort.on('message', ({ id, out, inputs, from, to, forget }) => {
  if (forget !== undefined) {
    mapped.delete(forget);
    return;
  }
  try {
    const finite = native.meanInto(floats(out), inputs.map(floats), 1 / inputs.length, from, to);
    parentPort.postMessage({ id, finite });
  } catch (err) {
    parentPort.postMessage({ id, error: err && err.message ? err.message : String(err) });
  }
});
