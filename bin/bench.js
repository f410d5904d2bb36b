#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME.ts and prints its figures.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...rest] = process.argv.slice(2);
const available = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args]\navailable: ${available.join(', ') || '(none)'}`);
  process.exit(name ? 1 : 0);
}
process.argv = [process.argv[0], path.join(root, 'bench', `${name}.ts`), ...rest];
register();
await import(path.join(root, 'bench', `${name}.ts`));
