/**
 * The README's flag list ("Configuration"), generated from the spec table: every
 * config flag, and which commands take which. readme-flags.spec.ts fails when the
 * README's copy is out of date; rewrite it with
 *
 *   npx tsx libs/config/src/readme-flags.ts --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { keyToFlag } from './config.ts';
import { CONFIG_COMMANDS, CONFIG_KEYS, commandKeys, specOf, type ConfigKey } from './config-spec.ts';

export const README_PATH = fileURLToPath(new URL('../../../README.md', import.meta.url));
export const README_START = '<!-- config-flags: generated from libs/config/src/config-spec.ts by `npx tsx libs/config/src/readme-flags.ts --write` -->';
export const README_END = '<!-- /config-flags -->';
const WIDTH = 80;

const flags = (keys: readonly ConfigKey[]): string => `\`${keys.map((k) => `--${keyToFlag(k)}`).join(' ')}\``;

/** The generated text, wrapped at 80 columns. */
export function readmeFlagText(): string {
  const perCommand = CONFIG_COMMANDS.map((command) => {
    const taken = commandKeys(command);
    const left = CONFIG_KEYS.filter((k) => !taken.includes(k));
    const what = left.length === 0 ? 'all' : left.length < taken.length ? `all but ${flags(left)}` : `only ${flags(taken)}`;
    return `\`acgan ${command}\` takes ${what}`;
  });
  const switches = CONFIG_KEYS.filter((k) => specOf(k).type === 'switch');
  const text =
    `Flags: ${flags(CONFIG_KEYS)} (\`npx acgan <command> --help\` lists the ones a command takes, with their values and defaults; ` +
    `${switches.map((k) => `\`--${keyToFlag(k)}\``).join(', ')} ${switches.length === 1 ? 'is a switch' : 'are switches'}). ` +
    `${perCommand.join('; ')}. ` +
    'A flag given to a command that does not take it is an error naming the flag and the command; ' +
    "a config file may hold every key (a run's `config.json` does) and a command reads the ones it takes.";
  return wrap(text, WIDTH);
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** The README text between the markers, or undefined when the markers are missing. */
export function readmeFlagSection(readme: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END, start);
  if (start < 0 || end < 0) return undefined;
  return readme.slice(start + README_START.length, end);
}

/** The README with the generated text between the markers. */
export function withReadmeFlags(readme: string): string {
  const section = readmeFlagSection(readme);
  if (section === undefined) throw new Error(`README: markers ${README_START} ... ${README_END} not found`);
  const start = readme.indexOf(README_START) + README_START.length;
  return `${readme.slice(0, start)}\n${readmeFlagText()} ${readme.slice(start + section.length)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--write')) {
    const before = readFileSync(README_PATH, 'utf8');
    const after = withReadmeFlags(before);
    writeFileSync(README_PATH, after);
    console.log(after === before ? 'README flag list already up to date' : 'README flag list rewritten');
  } else {
    console.log(readmeFlagText());
  }
}
