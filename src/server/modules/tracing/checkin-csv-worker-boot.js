// Worker threads start as plain Node: load tsx's loader here, then the TypeScript worker itself
// (as people/demo-rows-worker-boot.js does for the demo city).
import { register } from 'tsx/esm/api';

register();
await import('./checkin-csv-worker.ts');
