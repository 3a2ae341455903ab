import { describe, expect, it } from 'vitest';
import { copySources, existsInRepo, ignoredBy, parseDockerfile, readRepo } from './dockerfile.ts';

const text = readRepo('Dockerfile');
const ins = parseDockerfile(text);
const dockerignore = readRepo('.dockerignore');
const lock = JSON.parse(readRepo('package-lock.json'));
const pkg = JSON.parse(readRepo('package.json'));
const npmCi = ins.findIndex((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.rest));

describe('Dockerfile (not built here: no Docker on this machine)', () => {
  it('every stage starts from node:20-slim', () => {
    const froms = ins.filter((i) => i.op === 'FROM').map((i) => i.rest.split(/\s+/)[0]);
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(f).toBe('node:20-slim');
  });

  it('installs with npm ci, after the C compiler the postinstall needs', () => {
    expect(npmCi).toBeGreaterThan(-1);
    const apt = ins.findIndex((i) => i.op === 'RUN' && /apt-get install/.test(i.rest) && /\bgcc\b/.test(i.rest) && /\blibc6-dev\b/.test(i.rest));
    expect(apt).toBeGreaterThan(-1);
    expect(apt).toBeLessThan(npmCi);
    // The shm addon is built, and its absence fails the build.
    expect(ins[npmCi].rest).toMatch(/node libs\/shm\/scripts\/build\.mjs/);
    expect(ins[npmCi].rest).toMatch(/test -f libs\/shm\/build\/shm\.node/);
  });

  it('npm ci sees the lockfile, package.json in step with it, and every workspace the lockfile lists', () => {
    const copied = ins
      .slice(0, npmCi)
      .filter((i) => i.op === 'COPY')
      .map((i) => copySources(i.rest))
      .filter((c) => c.from === undefined)
      .flatMap((c) => c.sources.map((s) => s.replace(/\/$/, '')));
    const covered = (p: string) => copied.some((s) => p === s || p.startsWith(s + '/'));
    expect(covered('package.json')).toBe(true);
    expect(covered('package-lock.json')).toBe(true);
    const workspaces = Object.entries(lock.packages as Record<string, any>)
      .filter(([k, v]) => k !== '' && !k.includes('node_modules/') && !v.link)
      .map(([k]) => k);
    expect(workspaces.length).toBeGreaterThan(5);
    for (const w of workspaces) expect(covered(`${w}/package.json`), `${w} is not copied before npm ci`).toBe(true);
    // What npm ci itself checks first: the root's dependencies as package.json states them.
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) expect(lock.packages[''][field], field).toEqual(pkg[field]);
  });

  it('every COPY source exists in the repository and is not dropped by .dockerignore', () => {
    const copies = ins.filter((i) => i.op === 'COPY').map((i) => copySources(i.rest));
    expect(copies.some((c) => c.from === undefined)).toBe(true);
    for (const c of copies.filter((x) => x.from === undefined)) {
      for (const s of c.sources) {
        expect(existsInRepo(s), `COPY ${s}`).toBe(true);
        expect(ignoredBy(dockerignore, s), `COPY ${s}`).toEqual([]);
      }
    }
    // COPY --from names a stage of this file.
    const stages = ins.filter((i) => i.op === 'FROM').map((i) => /\bAS\s+(\S+)/i.exec(i.rest)?.[1]);
    for (const c of copies.filter((x) => x.from !== undefined)) expect(stages).toContain(c.from);
  });

  it('downloads nothing by URL: no ADD, no curl or wget, no URL outside comments', () => {
    expect(ins.filter((i) => i.op === 'ADD')).toEqual([]);
    for (const i of ins) {
      expect(i.rest, `line ${i.line}`).not.toMatch(/\b(curl|wget)\b/);
      expect(i.rest, `line ${i.line}`).not.toMatch(/\b(https?|ftp):\/\//);
    }
    // tfjs-node's libtensorflow download is opt-in only: without TFJS_NODE=1 the packages are removed, their scripts never run.
    expect(ins[npmCi].rest).toMatch(/npm ci [^&]*--ignore-scripts/);
    expect(ins[npmCi].rest).toMatch(/rm -rf node_modules\/@tensorflow\/tfjs-node node_modules\/@tensorflow\/tfjs-node-gpu/);
    expect(text).toMatch(/^ARG TFJS_NODE=0$/m);
  });

  it('.dockerignore keeps installs, runs, git and secrets out of the build context', () => {
    for (const p of ['node_modules', 'libs/runs/node_modules', '.git', 'runs', 'tmp', 'libs/shm/build', 'secrets/job.key']) expect(ignoredBy(dockerignore, p), p).not.toEqual([]);
    expect(ignoredBy(dockerignore, 'libs/runs/src/index.ts')).toEqual([]);
  });

  it('the image runs the CLI as an unprivileged user', () => {
    const last = ins.slice(ins.map((i) => i.op).lastIndexOf('FROM'));
    expect(last.filter((i) => i.op === 'USER').at(-1)?.rest).toBe('node');
    expect(JSON.parse(last.filter((i) => i.op === 'ENTRYPOINT').at(-1)!.rest)).toEqual(['node', '/app/apps/cli/bin/acgan.mjs']);
    expect(existsInRepo('apps/cli/bin/acgan.mjs')).toBe(true);
  });
});
