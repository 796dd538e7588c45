// The status-code knowledge base: registry, comparisons and the `explain` renderers.
// Rules and formatters import from here (or from registry.ts) instead of repeating literals.

export * from './types.js';
export {
  allIisSubStatuses,
  allStatuses,
  expectedHeaders,
  explainLink,
  getIisSubStatus,
  getStatus,
  isHeuristicallyCacheable,
  isRegistered,
  mustNotStore,
  nearestKnown,
  statusClass,
  statusesInClass,
  statusKind,
  statusName,
} from './registry.js';
export {
  allComparisons,
  comparedWith,
  CONTRAST_DIMENSIONS,
  CONTRAST_LABEL,
  findComparison,
  type Comparison,
  type ContrastDimension,
} from './comparisons.js';
export { explain, EXPLAIN_FORMATS, TEXT_WIDTH, type ExplainFormat, type ExplainResult } from './explain.js';
export { IIS_SUBSTATUS_FORM } from './data-vendor.js';
