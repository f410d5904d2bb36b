/** What other modules use of mass testing (import only from here). */
export { followPlacement } from './round-targets';
export { CoverageService } from './coverage.service';
export { SampleSettler } from './sample-settle';
