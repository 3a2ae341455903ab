#!/usr/bin/env node
// `acgan-worker`: one worker, as a deployable program (the same
// as `acgan worker`). TypeScript sources run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
