/**
 * slow: `acgan dashboard` on runs trained by the real program (`acgan train`, 2
 * workers, a tiny 16x16 job), driven in Debian's headless Chromium (playwright-core):
 * a finished run, every panel drawn; a run followed live while it trains.
 */
import { appendFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, tinyJob, tmp, waitFor } from './run-cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update'];

const started: ReturnType<typeof startCli>[] = [];
const dirs: string[] = [];
let browser: Browser;

/** Starts `acgan dashboard --run <dir>` and resolves with its url (its first stdout line). */
async function dashboard(run: string): Promise<string> {
  const server = startCli(['dashboard', '--run', run]);
  started.push(server);
  let out = '';
  server.child.stdout!.on('data', (d) => (out += d));
  await waitFor('the {"url"} line of acgan dashboard', () => out.includes('\n') || server.child.exitCode !== null, 60_000);
  expect(out, server.stderr()).toContain('\n');
  return JSON.parse(out.split('\n')[0]).url;
}

async function api(url: string, cursor = { metrics: 0, log: 0 }) {
  const res = await fetch(`${url}api/run?metrics=${cursor.metrics}&log=${cursor.log}`);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    cursor: { metrics: number; log: number };
    steps: { step: number[] };
    samples: number[];
    events: { kind: string }[];
    ended?: string;
    evaluations: unknown[];
  };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: this test drives Debian's chromium (.ci/run installs it)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await Promise.all(started.map((s) => s.done));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('slow: acgan dashboard', () => {
  it('shows a finished run: every chart, evaluation, sample grids with a step slider, config and events; the API sends only what is new', async () => {
    const run = tmp('dashboard-run');
    dirs.push(run);
    const res = await runCli(['train', '--workers', '2', '--steps', '6', '--sample-interval', '2', '--checkpoint-interval', '2', ...tinyJob(run)]);
    expect(res.code, res.stderr).toBe(0);
    // An evaluation record as --eval-interval writes it (training one here would take the classifier's time).
    appendFileSync(
      join(run, 'metrics.jsonl'),
      JSON.stringify({ step: 4, evaluation: { evalClassAccuracy: 0.3, evalDiversity: 0.8, evalFrechet: 12.5, evalRealClassAccuracy: 0.9, evalRealFrechet: 1.5 } }) + '\n',
    );
    const url = await dashboard(run);

    const all = await api(url);
    expect(all.steps.step).toEqual([0, 1, 2, 3, 4, 5]);
    expect(all.samples).toEqual([2, 4, 6]);
    expect(all.evaluations).toHaveLength(1);
    expect(all.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['start', 'checkpoint', 'stop']));
    expect(all.ended).toMatch(/^run ended: all steps done/);
    const none = await api(url, all.cursor);
    expect([none.steps.step, none.events, none.cursor]).toEqual([[], [], all.cursor]);
    expect((await fetch(`${url}samples/step-3.png`)).status).toBe(404);
    expect((await fetch(`${url}samples/..%2Fconfig.json`)).status).toBe(404);

    const page = await browser.newPage({ viewport: { width: 1300, height: 1400 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    await page.goto(url);
    await page.waitForSelector('#status[data-state="ended"]', { timeout: 60_000 });
    expect(problems).toEqual([]);
    // Losses, accuracy, throughput, compute and waiting per rank, evaluation.
    expect(await page.locator('main canvas').count()).toBe(6);
    expect(await page.locator('#chart-compute .u-legend').textContent()).toMatch(/rank 0.*rank 1/);
    expect(await page.textContent('#progress')).toBe('step 5 (6/6 done)');
    expect(await page.isHidden('#eval-empty')).toBe(true);
    expect(await page.textContent('#config')).toMatch(/batchSize\s*8/);
    expect(await page.textContent('#events')).toMatch(/checkpoint step 6 written/);
    // The slider starts at the newest grid; moving it shows an older one, labelled.
    expect(await page.getAttribute('#sample', 'src')).toBe('/samples/step-6.png');
    await page.locator('#sample-step').fill('0');
    await page.waitForFunction(() => (document.getElementById('sample') as HTMLImageElement).complete);
    expect(await page.getAttribute('#sample', 'src')).toBe('/samples/step-2.png');
    expect(await page.evaluate(() => (document.getElementById('sample') as HTMLImageElement).naturalWidth)).toBe(8 * 16);
    expect(await page.textContent('#sample-label')).toMatch(/^after step 2 \(1 of 3\); a row per class: 0, 1, 2/);
    await page.close();
  });

  it('follows a run while it trains: the charts gain points, the slider shows an earlier grid, and it says when the run has ended (the README screenshot)', async () => {
    const run = tmp('dashboard-live');
    dirs.push(run);
    const training = startCli(['train', '--workers', '2', '--steps', '300', '--sample-interval', '20', '--checkpoint-interval', '50', ...tinyJob(run)]);
    started.push(training);
    await waitFor('the run to start training', () => /all 2 ranks ready/.test(training.stderr()) || training.child.exitCode !== null, 120_000);
    const url = await dashboard(run);
    const page = await browser.newPage({ viewport: { width: 1300, height: 1150 } });
    await page.goto(url);
    const points = async () => Number(await page.evaluate(() => document.body.dataset.points ?? 0));
    await page.waitForFunction(() => Number(document.body.dataset.points ?? 0) > 0, null, { timeout: 60_000 });
    const before = await points();
    // While it trains: more points at a later poll, two grids or more, and the slider back to the first.
    await page.waitForFunction((n) => Number(document.body.dataset.points) > n && document.querySelectorAll('#sample-step:not([disabled])').length === 1, before, {
      timeout: 120_000,
    });
    expect(await page.getAttribute('#status', 'data-state')).toBe('live');
    expect(await points()).toBeGreaterThan(before);
    expect(await points()).toBeLessThan(300);
    const newest = await page.getAttribute('#sample', 'src');
    await page.locator('#sample-step').fill('0');
    expect(await page.getAttribute('#sample', 'src')).toBe('/samples/step-20.png');
    expect(newest).not.toBe('/samples/step-20.png');
    await page.waitForFunction(() => (document.getElementById('sample') as HTMLImageElement).complete);
    // The README's picture, from this test: ACGAN_UPDATE_SCREENSHOTS=1 writes it into docs/.
    const shot = process.env.ACGAN_UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../../../docs/dashboard.png', import.meta.url)) : join(run, 'dashboard.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await page.waitForSelector('#status[data-state="ended"]', { timeout: 180_000 });
    expect(await page.textContent('#progress')).toBe('step 299 (300/300 done)');
    expect(await points()).toBe(300);
    expect((await training.done).code).toBe(0);
    await page.close();
  });
});
