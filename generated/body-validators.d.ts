// Generated from openapi/ by scripts/generate.ts - do not edit.
// Change the spec under openapi/ and run `npm run generate`.
import type { CompiledValidator } from './validators.js';
/** Per operation: the validator of its JSON request body (never coerced), or null when it has none, and whether the body is required. */
export declare const bodyValidators: Readonly<Record<string, { readonly body: CompiledValidator | null; readonly required: boolean }>>;
