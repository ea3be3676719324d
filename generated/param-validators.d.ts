// Generated from openapi/ by scripts/generate.ts - do not edit.
// Change the spec under openapi/ and run `npm run generate`.
import type { CompiledValidator } from './validators.js';
/** Per operation: the validators of its path and query parameters (values coerced from strings), or null where it has none. */
export declare const paramValidators: Readonly<Record<string, { readonly path: CompiledValidator | null; readonly query: CompiledValidator | null }>>;
/** Per operation: the names of its deepObject query parameters. */
export declare const deepObjectParameters: Readonly<Record<string, readonly string[]>>;
