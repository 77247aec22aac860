/** Comparing two generations of a boot image (pure: no I/O). */
export { diffGraphs, hasDifferences } from './diff-graphs.js';
export { normalizeStorePaths } from './store-paths.js';
export { edgeId, toDiffRenderInput, type DiffRenderInput, type DiffStatus } from './union.js';
export type * from './types.js';
