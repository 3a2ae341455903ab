// acgan dashboard: polls /api/run with byte cursors and draws what is new (uPlot, a
// global from /uPlot.iife.min.js). Plain browser JavaScript, no build step.
/* global uPlot */
'use strict';

const POLL_MS = 2000;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const STEP_CHARTS = [
  {
    id: 'losses',
    series: [
      ['lossD', 'D loss'],
      ['lossG', 'G loss'],
    ],
  },
  {
    id: 'accuracy',
    series: [
      ['dRealAcc', 'real judged real'],
      ['dFakeAcc', 'fake judged fake'],
      ['classAccReal', 'class, real'],
      ['classAccFake', 'class, fake'],
    ],
    range: [0, 1],
  },
  { id: 'throughput', series: [['imagesPerS', 'images/s']] },
];

const run = { cursor: { metrics: 0, log: 0 }, config: null, steps: [], values: {}, ranks: [], evals: [], samples: [], events: 0, ended: null };
const charts = {};
const $ = (id) => document.getElementById(id);

function width(el) {
  return Math.max(300, Math.floor(el.getBoundingClientRect().width));
}

function makeChart(id, labels, opts = {}) {
  const el = $(`chart-${id}`);
  el.textContent = '';
  const series = [
    { label: 'step' },
    ...labels.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false, scale: opts.scaleOf ? opts.scaleOf(i) : 'y' })),
  ];
  const scales = { x: { time: false }, y: opts.range ? { range: opts.range } : {} };
  const axes = [{}, { scale: 'y', size: 60 }];
  if (opts.right) {
    scales.right = {};
    axes.push({ scale: 'right', side: 1, size: 60, grid: { show: false } });
  }
  return new uPlot({ width: width(el), height: 220, series, scales, axes, legend: { live: true } }, [[], ...labels.map(() => [])], el);
}

/** Appends a snapshot's steps; a step at or before the last one (a resumed run redoing steps) replaces those from it on. */
function addSteps(s) {
  for (let i = 0; i < s.step.length; i++) {
    const step = s.step[i];
    let keep = run.steps.length;
    while (keep > 0 && run.steps[keep - 1] >= step) keep--;
    if (keep < run.steps.length) {
      run.steps.length = keep;
      for (const col of [...Object.values(run.values), ...run.ranks.flatMap((r) => Object.values(r))]) if (col.length > keep) col.length = keep;
    }
    run.steps.push(step);
    for (const [k, col] of Object.entries(s.values)) (run.values[k] ??= []).push(col[i]);
    s.ranks.forEach((cols, rank) => {
      run.ranks[rank] ??= { computeMs: [], exchangeMs: [], idleMs: [] };
      const mine = run.ranks[rank];
      for (const k of Object.keys(mine)) {
        while (mine[k].length < run.steps.length - 1) mine[k].push(null);
        mine[k].push(cols[k][i]);
      }
    });
  }
}

function drawSteps() {
  for (const c of STEP_CHARTS) {
    charts[c.id] ??= makeChart(
      c.id,
      c.series.map(([, label]) => label),
      { range: c.range },
    );
    charts[c.id].setData([run.steps, ...c.series.map(([k]) => run.values[k] ?? [])]);
  }
  const n = run.ranks.length;
  if (n === 0) return;
  if (!charts.compute || charts.ranksDrawn !== n) {
    charts.compute?.destroy();
    charts.wait?.destroy();
    const labels = run.ranks.map((_, r) => `rank ${r}`);
    charts.compute = makeChart('compute', labels);
    charts.wait = makeChart('wait', labels);
    charts.ranksDrawn = n;
  }
  const pad = (col) => col.concat(Array(Math.max(0, run.steps.length - col.length)).fill(null));
  charts.compute.setData([run.steps, ...run.ranks.map((r) => pad(r.computeMs))]);
  charts.wait.setData([run.steps, ...run.ranks.map((r) => pad(r.exchangeMs.map((e, i) => (e === null || r.idleMs[i] === null ? null : e + r.idleMs[i]))))]);
}

function drawEvals(evals) {
  if (evals.length === 0 && run.evals.length === 0) return;
  run.evals.push(...evals);
  $('eval-empty').hidden = true;
  const labels = ['class accuracy', 'diversity', 'Fréchet distance', 'class accuracy, real', 'Fréchet, real halves'];
  const keys = ['evalClassAccuracy', 'evalDiversity', 'evalFrechet', 'evalRealClassAccuracy', 'evalRealFrechet'];
  charts.eval ??= makeChart('eval', labels, { right: true, scaleOf: (i) => (keys[i].includes('Frechet') ? 'right' : 'y') });
  charts.eval.setData([run.evals.map((e) => e.step), ...keys.map((k) => run.evals.map((e) => e.values[k]))]);
}

function formatSeconds(s) {
  if (!Number.isFinite(s)) return '?';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

function drawProgress() {
  const total = run.config && typeof run.config.steps === 'number' ? run.config.steps : undefined;
  const last = run.steps.length > 0 ? run.steps[run.steps.length - 1] : undefined;
  const done = last === undefined ? 0 : last + 1;
  $('progress').textContent = total ? `step ${last ?? '-'} (${done}/${total} done)` : `${done} steps`;
  if (run.ended || total === undefined) {
    $('eta').textContent = '';
    return;
  }
  // The median step time of the last 20 steps: one slow step (a checkpoint) does not swing it.
  const recent = (run.values.stepMs ?? [])
    .slice(-20)
    .filter((v) => v !== null)
    .sort((a, b) => a - b);
  const median = recent.length ? recent[Math.floor(recent.length / 2)] : NaN;
  $('eta').textContent = `ETA ${formatSeconds(((total - done) * median) / 1000)}`;
}

function drawSamples(samples) {
  if (samples.length === run.samples.length) return;
  const slider = $('sample-step');
  const atEnd = Number(slider.value) === run.samples.length - 1 || run.samples.length === 0;
  run.samples = samples;
  slider.max = String(samples.length - 1);
  slider.disabled = samples.length < 2;
  if (atEnd) slider.value = String(samples.length - 1);
  showSample();
}

function showSample() {
  const step = run.samples[Number($('sample-step').value)];
  if (step === undefined) return;
  $('sample').src = `/samples/step-${step}.png`;
  const classes = run.dataset && Array.isArray(run.dataset.classNames) ? run.dataset.classNames.join(', ') : '';
  $('sample-label').textContent = `after step ${step} (${run.samples.indexOf(step) + 1} of ${run.samples.length}); a row per class${classes ? `: ${classes}` : ''}`;
}

function drawEvents(events) {
  const list = $('events');
  for (const e of events) {
    const li = document.createElement('li');
    const kind = document.createElement('span');
    kind.className = `kind kind-${e.kind}`;
    kind.textContent = e.kind;
    li.append(`${e.time.slice(11, 19)} `, kind, e.message);
    list.prepend(li);
    run.events++;
  }
  if (run.events === 0 && !list.firstChild) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = 'no events yet';
    list.append(li);
  } else if (events.length > 0) {
    list.querySelector('.empty')?.remove();
  }
}

function drawConfig(config, dataset) {
  const table = $('config');
  table.textContent = '';
  const rows = [...(dataset && typeof dataset.description === 'string' ? [['dataset', dataset.description]] : []), ...Object.entries(config ?? {})];
  for (const [k, v] of rows) {
    const tr = table.insertRow();
    tr.insertCell().textContent = k;
    tr.insertCell().textContent = typeof v === 'string' ? v : JSON.stringify(v);
  }
  if (config && typeof config.runDir === 'string') {
    $('title').textContent = `acgan run ${config.runDir}`;
    document.title = `acgan dashboard: ${config.runDir}`;
  }
}

async function poll() {
  let snap;
  try {
    const res = await fetch(`/api/run?metrics=${run.cursor.metrics}&log=${run.cursor.log}`, { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    snap = await res.json();
  } catch (err) {
    $('status').dataset.state = 'error';
    $('status').textContent = `cannot reach the dashboard (${err.message}); retrying`;
    setTimeout(poll, POLL_MS);
    return;
  }
  if (snap.config) {
    run.config = snap.config;
    run.dataset = snap.dataset;
    drawConfig(snap.config, snap.dataset);
  }
  run.cursor = snap.cursor;
  addSteps(snap.steps);
  drawSteps();
  drawEvals(snap.evaluations);
  drawSamples(snap.samples);
  drawEvents(snap.events);
  if (snap.ended) run.ended = snap.ended;
  drawProgress();
  $('status').dataset.state = run.ended ? 'ended' : 'live';
  $('status').textContent = run.ended ? run.ended : 'live: updates every 2 s';
  // For tests and scripts: how many polls, and how many points the step charts hold.
  document.body.dataset.polls = String(Number(document.body.dataset.polls ?? 0) + 1);
  document.body.dataset.points = String(charts.losses ? charts.losses.data[0].length : 0);
  if (!run.ended) setTimeout(poll, POLL_MS);
}

$('sample-step').addEventListener('input', showSample);
poll();
