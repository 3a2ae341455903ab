// Builds native/shm.c into build/shm.node with the system's C compiler (cc, or $CC)
// against the Node-API headers of the npm package node-api-headers (so nothing is
// downloaded beyond the registry). Run by the repository's postinstall, and by hand:
//   node libs/shm/scripts/build.mjs
// Without a compiler it says so and exits 0: the shared-memory data plane is then off
// (ranks exchange over ZeroMQ only) and `acgan doctor` says why.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'native', 'shm.c');
const out = join(root, 'build', 'shm.node');
const quiet = process.argv.includes('--quiet');
const say = (line) => {
  if (!quiet) console.log(`@acgan/shm: ${line}`);
};

function headers() {
  try {
    return createRequire(import.meta.url)('node-api-headers').include_dir;
  } catch {
    // Node's own headers, where the installation has them (Debian's nodejs, nvm, the official tarballs).
    return join(dirname(process.execPath), '..', 'include', 'node');
  }
}

function upToDate() {
  try {
    return statSync(out).mtimeMs >= statSync(source).mtimeMs;
  } catch {
    return false;
  }
}

if (process.platform !== 'linux') {
  say(`not built: the shared-memory data plane needs Linux (/dev/shm), this is ${process.platform}`);
  process.exit(0);
}
if (upToDate() && !process.argv.includes('--force')) {
  say(`${out} is up to date`);
  process.exit(0);
}
const cc = process.env.CC || 'cc';
mkdirSync(dirname(out), { recursive: true });
const args = ['-shared', '-fPIC', '-O3', '-ffp-contract=off', '-Wall', '-Wextra', '-Wno-unused-parameter', '-std=c11', '-D_GNU_SOURCE', '-I', headers(), source, '-o', out];
try {
  execFileSync(cc, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  say(`built ${out}`);
} catch (err) {
  say(
    `not built (${cc} ${(err && err.code) || 'failed'}): ranks will exchange over ZeroMQ only; install a C compiler (Debian: build-essential) and run node libs/shm/scripts/build.mjs`,
  );
}
