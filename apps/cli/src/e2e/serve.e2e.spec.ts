/**
 * slow: `acgan serve` on a run trained by the real program (`acgan train`, 2 workers,
 * a tiny 16x16 job of 3 steps), driven in Debian's headless Chromium (playwright-core,
 * no downloaded browser). The page must draw the images the generator gives for the
 * chosen class and seed: the test computes them in Node (same seeded tf.randomNormal,
 * cpu backend) and compares the page's raw output, and the canvas with that output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import * as tf from '@tensorflow/tfjs';
import { initBackend, loadLayersModelFromFile } from '@acgan/model';
import { runCli, startCli, tinyJob, waitFor, type CliResult } from './run-cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SIZE = 16;
const N = 8;

let root: string;
let run: string;
let classNames: string[];
let server: ReturnType<typeof startCli> | undefined;
let serverStdout = '';
let url: string;

/** GET with the path sent exactly as given (no client-side normalisation of `..`). */
function get(path: string): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url), { path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The generator's output in Node (cpu backend) for N images of class `cls`, noise tf.randomNormal seeded `seed`. */
async function nodeImages(cls: number, seed: number): Promise<Float32Array> {
  const generator = await loadLayersModelFromFile(join(run, 'export', 'generator', 'model.json'));
  const latentDim = generator.inputs[0].shape[1] as number;
  const values = tf.tidy(() => {
    const noise = tf.randomNormal([N, latentDim], 0, 1, 'float32', seed);
    const labels = tf.fill([N, 1], cls, 'int32');
    return (generator.predict([noise, labels]) as tf.Tensor).dataSync() as Float32Array;
  });
  generator.dispose();
  return values;
}

/** The gray bytes the page should draw for N images in [-1, 1] (one row of N, 16x16 each). */
function gridBytes(values: ArrayLike<number>): number[] {
  const grid = new Array<number>(N * SIZE * SIZE);
  for (let k = 0; k < N; k++) {
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const v = values[(k * SIZE + y) * SIZE + x];
        grid[y * N * SIZE + k * SIZE + x] = Math.min(255, Math.max(0, Math.round((v + 1) * 127.5)));
      }
    }
  }
  return grid;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'acgan-e2e-serve-'));
  run = join(root, 'run');
  const res = await runCli(['train', '--workers', '2', '--steps', '3', ...tinyJob(run)]);
  expect(res.code, res.stderr).toBe(0);
  classNames = JSON.parse(readFileSync(join(run, 'dataset.json'), 'utf8')).classNames;
  expect(classNames).toHaveLength(10);
  server = startCli(['serve', '--model', run]);
  server.child.stdout!.on('data', (d) => (serverStdout += d));
  let exited: CliResult | undefined;
  void server.done.then((r) => (exited = r));
  await waitFor('the {"url"} line of acgan serve', () => serverStdout.includes('\n') || exited !== undefined, 60_000);
  expect(exited, JSON.stringify(exited)).toBeUndefined();
  url = JSON.parse(serverStdout.split('\n')[0]).url;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+\/$/);
  await initBackend('cpu');
});

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.done;
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('slow: acgan serve', () => {
  it('the page generates 8 images of class 3 for seed 7 in headless Chromium, the same as the generator in Node', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: this test drives Debian's chromium (apt-get install -y --no-install-recommends chromium; .ci/run installs it)`);
    }
    const t0 = Date.now();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const problems: string[] = [];
    try {
      const page = await browser.newPage();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
      await page.goto(url);
      // On load the page draws a first grid, of the form's class 0 and seed 1, and labels it.
      await page.waitForSelector('#status[data-state="done"][data-class="0"][data-seed="1"], #status[data-state="error"]', { timeout: 120_000 });
      expect(await page.getAttribute('#status', 'data-state'), `${await page.textContent('#status')} ${problems.join('; ')}`).toBe('done');
      expect(await page.$eval('#grid', (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height])).toEqual([N * SIZE, SIZE]);
      expect(await page.textContent('#caption')).toBe(`${N} images of class 0 (${classNames[0]}), seed 1, 8 per row`);
      const options = await page.$$eval('#class option', (os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent })));
      expect(options.map((o) => o.value)).toEqual(classNames.map((_, i) => String(i)));
      expect(options[3].text).toContain(classNames[3]);

      const generate = async (cls: number, seed: number) => {
        await page.selectOption('#class', String(cls));
        await page.fill('#seed', String(seed));
        await page.click('#generate');
        await page.waitForSelector(`#status[data-state="done"][data-class="${cls}"][data-seed="${seed}"], #status[data-state="error"]`, { timeout: 120_000 });
        const status: Record<string, string | undefined> = await page.$eval('#status', (el) => ({ ...(el as HTMLElement).dataset, text: el.textContent ?? '' }));
        expect(status.state, `${status.text} ${problems.join('; ')}`).toBe('done');
        const canvas = await page.$eval('#grid', (el) => {
          const c = el as HTMLCanvasElement;
          return { width: c.width, height: c.height, rgba: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data) };
        });
        const last = await page.evaluate(() => {
          const l = (window as unknown as { acganLast: { class: number; seed: number; shape: number[]; values: Float32Array } }).acganLast;
          return { ...l, values: Array.from(l.values) };
        });
        return { status, canvas, last };
      };

      const { status, canvas, last } = await generate(3, 7);
      expect(status).toMatchObject({ class: '3', className: classNames[3], seed: '7', images: String(N) });
      expect(status.text).toContain('class 3');
      expect(await page.textContent('#caption')).toBe(`${N} images of class 3 (${classNames[3]}), seed 7, 8 per row`);
      expect(Number(status.ms)).toBeGreaterThan(0);
      expect({ width: canvas.width, height: canvas.height }).toEqual({ width: N * SIZE, height: SIZE });
      // Non-blank: every pixel drawn opaque (a fresh canvas is transparent), gray (R = G = B),
      // not all one value, and exactly the page's generator output mapped [-1, 1] -> [0, 255].
      const gray: number[] = [];
      for (let i = 0; i < canvas.rgba.length; i += 4) {
        const [r, g, b, a] = canvas.rgba.slice(i, i + 4);
        if (a !== 255 || g !== r || b !== r) throw new Error(`pixel ${i / 4} is ${[r, g, b, a]}, expected opaque gray`);
        gray.push(r);
      }
      expect(new Set(gray).size).toBeGreaterThan(1);
      expect(last).toMatchObject({ class: 3, seed: 7, shape: [N, SIZE, SIZE, 1] });
      expect(gray).toEqual(gridBytes(last.values));
      // ... and that output is the generator's for class 3 and seed 7, not class 4's. (After 3
      // training steps the images are within +-0.003 of 0, a flat gray, and classes differ by
      // ~1e-5: compare floats. WebGL vs cpu differ by ~1e-7.)
      const want3 = await nodeImages(3, 7);
      const want4 = await nodeImages(4, 7);
      const own = maxDiff(last.values, want3);
      const other = maxDiff(last.values, want4);
      expect(own).toBeLessThan(1e-5);
      expect(other, `class 3 vs class 4 (own class ${own})`).toBeGreaterThan(10 * own);
      expect(other).toBeGreaterThan(1e-6);

      // Another class redraws the grid with that class's images.
      const again = await generate(4, 7);
      expect(again.last.class).toBe(4);
      expect(maxDiff(again.last.values, want4)).toBeLessThan(1e-5);
      expect(again.canvas.rgba.filter((_, i) => i % 4 === 0)).toEqual(gridBytes(again.last.values));
      console.log(
        `serve e2e: chromium ${browser.version()}, backend ${status.backend}, generate ${status.ms} ms (first) / ${again.status.ms} ms, ` +
          `browser vs node ${own.toExponential(1)}, class 3 vs 4 ${other.toExponential(1)}, browser part ${Date.now() - t0} ms`,
      );
    } finally {
      await browser.close();
    }
  });

  it('serves the export folder under /model/ with content types, and nothing outside it', async () => {
    const modelJson = await get('/model/model.json');
    expect(modelJson.status).toBe(200);
    expect(modelJson.type).toMatch(/^application\/json/);
    const manifest = JSON.parse(modelJson.body.toString()) as { weightsManifest: { paths: string[] }[] };
    // Paths as the manifest names them (./weights.bin): `.` segments are fine, `..` are not.
    for (const p of manifest.weightsManifest.flatMap((m) => m.paths)) {
      const weights = await get(`/model/${p}`);
      expect(weights.status, p).toBe(200);
      expect(weights.type).toBe('application/octet-stream');
      expect(weights.body.equals(readFileSync(join(run, 'export', 'generator', p)))).toBe(true);
    }
    expect(JSON.parse((await get('/classes.json')).body.toString())).toEqual({ classNames });
    expect((await get('/tf.min.js')).type).toMatch(/^text\/javascript/);
    expect((await get('/')).type).toMatch(/^text\/html/);
    expect((await get('/favicon.ico')).status).toBe(204);
    for (const path of ['/model/../config.json', '/model/%2e%2e/config.json', '/model/..%2fconfig.json', '/model/../../dataset.json', '/model/..\\config.json']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.toString(), path).not.toContain('imageSize');
    }
    for (const path of ['/model/', '/model/nope.bin', '/config.json', '/model//etc/passwd', '/model/%2fetc%2fpasswd']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    server!.child.kill('SIGTERM');
    const res = await server!.done;
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('stopped (SIGTERM)');
  });

  it('--help lists the flags; a missing run or one without an export fails naming the path', async () => {
    const help = await runCli(['serve', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--model', '--host', '--port']) expect(help.stdout).toContain(flag);
    const main = await runCli(['--help']);
    expect(main.stdout).toMatch(/\n {2}serve +/);

    const missing = await runCli(['serve', '--model', join(root, 'nope')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(`--model ${join(root, 'nope')}: run folder not found`);
    const bare = join(root, 'no-export');
    mkdirSync(bare);
    writeFileSync(join(bare, 'dataset.json'), JSON.stringify({ classNames }));
    const noExport = await runCli(['serve', '--model', bare]);
    expect(noExport.code).not.toBe(0);
    expect(noExport.stderr).toContain(join(bare, 'export', 'generator', 'model.json'));
    const badPort = await runCli(['serve', '--model', run, '--port', '99999']);
    expect(badPort.stderr).toContain('--port "99999"');
    const unknown = await runCli(['serve', '--model', run, '--prot', '1']);
    expect(unknown.stderr).toContain('unknown flag --prot');
  });
});
