/**
 * `acgan model-summary`: trainable parameter counts and per-layer output shapes.
 *
 *   npx acgan model-summary --image-size 64 --channels 3 --num-classes 2 --width 128 --json
 */
import { configHelp, modelConfigOf, parseArgs, resolveConfig } from '@acgan/config';
import { summarizeModel } from '@acgan/model';

export const MODEL_SUMMARY_HELP = `Usage: npx acgan model-summary [flags] [--json]

  --json            print {"generator": N, "discriminator": N, "layers": [...]} as JSON
  --preset <name>   a recipe's values (only the model keys are read)
  --config <file>   JSON object of config keys (only the model keys are read)
  --help            this text

Model flags:
${configHelp('model-summary')}`;

export async function run(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, new Set(['json', 'help']));
  if (flags.has('help')) {
    console.log(MODEL_SUMMARY_HELP);
    return 0;
  }
  const cfg = resolveConfig(flags, { command: 'model-summary', extraFlags: new Set(['json', 'help']) });
  const summary = summarizeModel(modelConfigOf(cfg));
  if (flags.has('json')) {
    console.log(JSON.stringify(summary));
    return 0;
  }
  const rows = summary.layers.map((l) => [l.network, l.name, l.kind, `[${l.outputShape.join(', ')}]`, l.trainableParams.toLocaleString('en-US')]);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length), 6));
  console.log(['network', 'layer', 'kind', 'output', 'params'].map((h, i) => h.padEnd(widths[i])).join('  '));
  for (const r of rows) console.log(r.map((c, i) => (i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
  console.log(`\nGenerator trainable parameters:     ${summary.generator.toLocaleString('en-US')}`);
  console.log(`Discriminator trainable parameters: ${summary.discriminator.toLocaleString('en-US')}`);
  return 0;
}
