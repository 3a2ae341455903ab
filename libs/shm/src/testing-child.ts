// A second process for shm.spec.ts: maps the segment it is given, prints float 3 and writes 7 at float 5.
import { openSegment } from './segment.ts';

const [path, bytes] = process.argv.slice(2);
const seg = openSegment(path, Number(bytes));
process.stdout.write(`${seg.floats[3]}\n`); // not console.log: under FORCE_COLOR (nx) it colours numbers
seg.floats[5] = 7;
