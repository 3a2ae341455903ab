// The README's flag list is generated from the spec table and must be current.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, keyToFlag } from './index.ts';
import { README_END, README_PATH, README_START, readmeFlagSection, readmeFlagText, withReadmeFlags } from './readme-flags.ts';

describe('README flag list', () => {
  it('is the one generated from the table (rewrite it: npx tsx libs/config/src/readme-flags.ts --write)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(readmeFlagSection(readme), 'markers missing from the README').toBeDefined();
    expect(readmeFlagSection(readme)).toBe(`\n${readmeFlagText()} `);
  });
  it('names every flag once and says what each command takes', () => {
    const text = readmeFlagText();
    const list = /^Flags: `([^`]+)`/.exec(text)![1].split(/\s+/);
    expect(list).toEqual(CONFIG_KEYS.map((k) => `--${keyToFlag(k)}`));
    expect(text.replace(/\n/g, ' ')).toContain('`acgan train` takes all but `--connect --curve-keys --curve-server-key --curve-allow`');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
  it('rewrites a stale list between the markers and leaves the rest alone', () => {
    const stale = `before ${README_START}\nFlags: \`--old\` ${README_END} after\n`;
    const fresh = withReadmeFlags(stale);
    expect(readmeFlagSection(fresh)).toBe(`\n${readmeFlagText()} `);
    expect(fresh.startsWith(`before ${README_START}\n`)).toBe(true);
    expect(fresh.endsWith(`${README_END} after\n`)).toBe(true);
    expect(withReadmeFlags(fresh)).toBe(fresh);
    expect(() => withReadmeFlags('no markers')).toThrow(/markers/);
  });
});
