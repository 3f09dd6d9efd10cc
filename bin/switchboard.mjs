#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npm start` needs no separate server build.
import { register } from 'tsx/esm/api';
register();
await import('../src/server/cli.ts');
