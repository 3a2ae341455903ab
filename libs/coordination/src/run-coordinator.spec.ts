// The plaintext posture of the coordinator: a network address needs CURVE or an explicit, logged opt-in.
import { describe, expect, it } from 'vitest';
import { createLogger, DEFAULT_CONFIG } from '@acgan/config';
import { checkPlaintextPosture } from './run-coordinator.ts';

function capture() {
  const lines: string[] = [];
  const log = createLogger({ component: 'coordinator', console: false });
  log.on('data', (info: { level: string; message: string }) => lines.push(`${info.level} ${info.message}`));
  return { log, lines };
}

describe('checkPlaintextPosture', () => {
  it('refuses plaintext on a network address, naming the ways out', () => {
    const { log } = capture();
    for (const endpoint of ['tcp://0.0.0.0:5555', 'tcp://10.0.0.1:5555', 'tcp://*:5555']) {
      expect(() => checkPlaintextPosture(endpoint, DEFAULT_CONFIG, log)).toThrow(/refusing to bind .* without CURVE.*--curve-keys.*--insecure-plaintext/);
    }
  });

  it('lets loopback, ipc and CURVE through silently', () => {
    const { log, lines } = capture();
    checkPlaintextPosture('tcp://127.0.0.1:0', DEFAULT_CONFIG, log);
    checkPlaintextPosture('ipc:///tmp/acgan-x/coordinator.sock', DEFAULT_CONFIG, log);
    checkPlaintextPosture('tcp://0.0.0.0:5555', { ...DEFAULT_CONFIG, curveKeys: 'secrets/coordinator' }, log);
    expect(lines).toEqual([]);
  });

  it('with --insecure-plaintext binds, with a warning that says so', () => {
    const { log, lines } = capture();
    checkPlaintextPosture('tcp://0.0.0.0:5555', { ...DEFAULT_CONFIG, insecurePlaintext: true }, log);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn INSECURE: tcp:\/\/0\.0\.0\.0:5555 is not loopback and CURVE is off \(--insecure-plaintext\)/);
  });
});
