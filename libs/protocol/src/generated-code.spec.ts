// Fails when src/generated is out of date with src/acgan.proto: runs the exact
// regeneration command written in the .proto header into a temp dir and compares.
// Also checks that the generated ES module loads under ESM (tsx/vitest) with a
// working protobufjs runtime.
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Envelope, MessageType } from './schema.ts';

const libRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function documentedCommand(): string {
  const proto = readFileSync(join(libRoot, 'src/acgan.proto'), 'utf8');
  const line = proto.split('\n').find((l) => /^\/\/\s+npx pbjs /.test(l));
  if (!line) throw new Error('src/acgan.proto header lost its "npx pbjs ..." regeneration command');
  return line.replace(/^\/\/\s+/, '');
}

describe('generated code', () => {
  it('is up to date with acgan.proto', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'acgan-pbjs-'));
    try {
      const command = documentedCommand().replaceAll('src/generated/', `${tmp}/`);
      expect(command).toContain(tmp);
      execSync(command, { cwd: libRoot, stdio: 'pipe', timeout: 60_000 });
      for (const file of ['acgan.js', 'acgan.d.ts']) {
        const fresh = readFileSync(join(tmp, file), 'utf8');
        const committed = readFileSync(join(libRoot, 'src/generated', file), 'utf8');
        expect(committed === fresh, `src/generated/${file} is stale: run the command in src/acgan.proto`).toBe(true);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('imports protobufjs/minimal.js in a way that works under ESM', () => {
    const js = readFileSync(join(libRoot, 'src/generated/acgan.js'), 'utf8');
    expect(js).toContain('import $protobuf from "protobufjs/minimal.js";');
    const bytes = Envelope.encode({ version: 1, type: MessageType.HEARTBEAT, heartbeat: { unixMs: 5 } }).finish();
    expect(Envelope.decode(bytes).body).toBe('heartbeat');
  });

  it('loads in plain Node ESM through tsx, outside vitest', () => {
    const script = `import { Envelope } from ${JSON.stringify(join(libRoot, 'src/schema.ts'))}; process.stdout.write(String(Envelope.decode(Envelope.encode({ version: 1 }).finish()).version));`;
    const out = execSync(`${JSON.stringify(process.execPath)} --import tsx --input-type=module -e ${JSON.stringify(script)}`, {
      cwd: libRoot,
      stdio: 'pipe',
      timeout: 30_000,
    });
    expect(out.toString().trim()).toBe('1');
  });
});
