// The page of `acgan serve`: loads the exported generator with tf.loadLayersModel
// and draws n images of one class into a grid (8 per row), labelled below it, at once
// for the form's class and seed and then on every Generate; noise
// tf.randomNormal([n, latentDim]) seeded by the seed field. The outcome is also in
// the data attributes of #status (state, class, seed, images, ms, backend) and, with
// the generator's raw output, in window.acganLast, for tests.
/* global tf */
const $ = (id) => document.getElementById(id);
const status = $('status');
const COLUMNS = 8;
const SCALE = 4;

function setStatus(state, text, data = {}) {
  status.textContent = text;
  for (const key of Object.keys(status.dataset)) delete status.dataset[key];
  status.dataset.state = state;
  for (const [key, value] of Object.entries(data)) status.dataset[key] = String(value);
}

async function main() {
  const t0 = performance.now();
  const [classes, model] = await Promise.all([
    fetch('/classes.json').then((r) => {
      if (!r.ok) throw new Error(`/classes.json: HTTP ${r.status}`);
      return r.json();
    }),
    tf.loadLayersModel('/model/model.json'),
  ]);
  await tf.ready();
  const latentDim = model.inputs[0].shape[1];
  const [, size, , channels] = model.outputs[0].shape;
  const select = $('class');
  classes.classNames.forEach((name, i) => select.add(new Option(`${i}: ${name}`, String(i))));
  $('model').textContent =
    `Generator: ${size}x${size}x${channels} images, ${classes.classNames.length} classes, ` +
    `latent dimension ${latentDim}; loaded in ${(performance.now() - t0).toFixed(0)} ms (backend ${tf.getBackend()}).`;
  select.disabled = false;
  $('generate').disabled = false;
  setStatus('ready', 'ready', { backend: tf.getBackend() });

  const generateGrid = async () => {
    const cls = Number(select.value);
    const seed = Number($('seed').value);
    const n = Number($('count').value);
    if (!Number.isSafeInteger(seed)) return setStatus('error', 'the seed must be an integer');
    if (!(Number.isInteger(n) && n >= 1 && n <= 64)) return setStatus('error', 'images must be an integer in [1, 64]');
    $('generate').disabled = true;
    setStatus('busy', `generating ${n} images of class ${cls}…`, { class: cls, seed, images: n });
    try {
      const start = performance.now();
      const images = tf.tidy(() => {
        const noise = tf.randomNormal([n, latentDim], 0, 1, 'float32', seed);
        const labels = tf.fill([n, 1], cls, 'int32');
        return model.predict([noise, labels]);
      });
      const values = await images.data();
      images.dispose();
      draw(values, n, size, channels);
      $('caption').textContent = `${n} image${n === 1 ? '' : 's'} of class ${cls} (${classes.classNames[cls]}), seed ${seed}, ${COLUMNS} per row`;
      // The raw generator output of the last grid, for tests and the browser console.
      window.acganLast = { class: cls, seed, shape: [n, size, size, channels], values };
      const ms = performance.now() - start;
      const name = classes.classNames[cls];
      setStatus('done', `${n} images of class ${cls} (${name}), seed ${seed}: ${ms.toFixed(1)} ms on ${tf.getBackend()}`, {
        class: cls,
        className: name,
        seed,
        images: n,
        ms: ms.toFixed(1),
        backend: tf.getBackend(),
      });
    } catch (e) {
      setStatus('error', `generation failed: ${e.message}`);
    } finally {
      $('generate').disabled = false;
    }
  };
  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    void generateGrid();
  });
  // A first grid at once (the form's class and seed): the page shows what the generator does without a click.
  await generateGrid();
}

/** Images in [-1, 1], NHWC, to a grid of COLUMNS per row, gray or RGB. */
function draw(values, n, size, channels) {
  const cols = Math.min(n, COLUMNS);
  const rows = Math.ceil(n / COLUMNS);
  const canvas = $('grid');
  canvas.width = cols * size;
  canvas.height = rows * size;
  canvas.style.width = `${cols * size * SCALE}px`;
  canvas.style.height = `${rows * size * SCALE}px`;
  const ctx = canvas.getContext('2d');
  const pixels = ctx.createImageData(canvas.width, canvas.height);
  const byte = (v) => Math.min(255, Math.max(0, Math.round((v + 1) * 127.5)));
  for (let k = 0; k < n; k++) {
    const x0 = (k % COLUMNS) * size;
    const y0 = Math.floor(k / COLUMNS) * size;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const src = ((k * size + y) * size + x) * channels;
        const dst = ((y0 + y) * canvas.width + x0 + x) * 4;
        for (let c = 0; c < 3; c++) pixels.data[dst + c] = byte(values[src + (channels === 1 ? 0 : c)]);
        pixels.data[dst + 3] = 255;
      }
    }
  }
  ctx.putImageData(pixels, 0, 0);
}

main().catch((e) => {
  $('model').textContent = 'The generator could not be loaded.';
  setStatus('error', `loading failed: ${e.message}`);
});
