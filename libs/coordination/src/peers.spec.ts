// Refusing a registration: what the operator's log says and what the worker is told.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, modelConfigHash, modelConfigOf } from '@acgan/config';
import { PROTOCOL_VERSION } from '@acgan/protocol';
import { modelKeysDiffering, registrationRefusal } from './peers.ts';

const run = { ...DEFAULT_CONFIG, imageSize: 16, width: 4 };
const reg = (model: Record<string, unknown> | string) => ({
  protocolVersion: PROTOCOL_VERSION,
  modelConfigHash: 'f'.repeat(16),
  requestedRank: -1,
  modelConfigJson: typeof model === 'string' ? model : JSON.stringify(model),
});

describe('a registration with another model', () => {
  it('names each differing key with both values in the log, and only the keys in the reply', () => {
    const worker = { ...modelConfigOf(run), imageSize: 32, latentDim: 8 };
    const refused = registrationRefusal(reg(worker), modelConfigHash(run), run)!;
    expect(refused.code).toBe('MODEL_MISMATCH');
    expect(refused.logged).toMatch(/: --image-size 32 \(run: 16\), --latent-dim 8 \(run: 100\)$/);
    expect(refused.reply).toBe("this worker's --image-size, --latent-dim differ from the run's: start it with the coordinator's values (its log names them)");
    expect(refused.reply).not.toMatch(/16|100/);
  });

  it('falls back to the list of model flags when the worker sent no keys, or keys that cannot be read', () => {
    for (const bad of ['', 'not json', '[1,2]', 'null', '{"width": 4}']) {
      expect(modelKeysDiffering(reg(bad), run), bad).toEqual([]);
      expect(registrationRefusal(reg(bad), modelConfigHash(run), run)!.reply).toMatch(/give it the coordinator's --image-size, --channels/);
    }
    // A hostile value is escaped and cut in the log.
    const refused = registrationRefusal(reg({ width: 'x\n'.repeat(100) }), modelConfigHash(run), run)!;
    expect(refused.logged).not.toContain('\n');
    expect(refused.logged.length).toBeLessThan(300);
  });
});
