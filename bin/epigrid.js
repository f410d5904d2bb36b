#!/usr/bin/env node
// The `epigrid` command: TypeScript sources run through tsx's loader, no build step needed.
import { register } from 'tsx/esm/api';
register();
await import('../src/server/cli.ts');
