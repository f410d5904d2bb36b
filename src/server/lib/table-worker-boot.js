// Worker threads start as plain Node: load tsx's loader here, then the TypeScript worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./table-worker.ts');
