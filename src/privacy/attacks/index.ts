export { AUC_DIRECTION, membershipAuc } from './auc.js';
export type { AucEstimate, RocCurve } from './auc.js';
export {
  auditSizeWarnings, densityRatioScores, distanceToClosestScores, latentScores, runAttacks,
  MIN_AUDIT_GROUP, SMALL_GROUP,
} from './attacks.js';
export type {
  AttackData, AttackName, AttackOptions, AttackReport, AttackResult, RowSet,
} from './attacks.js';
export { fitKernelDensity } from './kde.js';
export type { KernelDensity } from './kde.js';
export { nearestDistances } from './neighbours.js';
export { selectRows, splitForAudit } from './split.js';
export type { AuditSplit } from './split.js';
