/**
 * The admin JSON API's wire shapes (`/api/*`): every answer the admin app reads and every body and query it sends.
 *
 * Why this module exists: the embedded admin (web/frontend) used to copy these shapes by hand, and the copies drifted
 * from what the server sends (its ledger reasons lacked `surprise_gift`). They are now declared once, here. The
 * server's mappers and route handlers (web/src/admin-api, dto/) are annotated with them, so a server change that
 * breaks a shape fails the typecheck (enum-like unions are also checked equal to the server's, see checks.ts); the
 * frontend imports the same types with `import type` (web/frontend/src/api/types.ts), which the build erases.
 *
 * Rules (ESLint enforces the first two): type declarations only, no runtime code; imports only from this folder (no
 * server modules, Prisma or zod: the frontend's typecheck, with DOM types and no Node types, reads these files too).
 * Changing a shape here changes the API: the frontend's typecheck shows what must follow.
 */
export type * from './campaigns.js';
export type * from './common.js';
export type * from './customers.js';
export type * from './dashboard.js';
export type * from './data-exports.js';
export type * from './failures.js';
export type * from './mail-log.js';
export type * from './notifications.js';
export type * from './products.js';
export type * from './program.js';
export type * from './shop.js';
export type * from './tier-perks.js';
