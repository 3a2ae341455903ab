#!/usr/bin/env node
// `acgan-worker`: one worker, as a deployable program (the same
// as `acgan worker`). TypeScript sources run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
// All work is done: give logs a moment to flush, then exit even if a stray
// handle (a socket of a hung peer, say) would keep the event loop alive.
setTimeout(() => process.exit(), 5000).unref();
