#!/usr/bin/env node
// Entry point of the `acgan` command. The project ships TypeScript sources and
// runs them through tsx's loader, so `npx acgan` works right after `npm install`
// with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
// All work is done: give logs a moment to flush, then exit even if a stray
// handle (a socket of a hung peer, say) would keep the event loop alive.
setTimeout(() => process.exit(), 5000).unref();
