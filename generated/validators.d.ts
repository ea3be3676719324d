// Generated from openapi/ by scripts/generate.ts - do not edit.
// Change the spec under openapi/ and run `npm run generate`.
/** An ajv standalone validator: true when `data` keeps the schema; otherwise `errors` says why. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; message?: string }> | null;
}
/** Per operation, per documented 2xx status: the validator of its JSON body, or null when it has none. */
export declare const responseValidators: Readonly<Record<string, Readonly<Record<number, CompiledValidator | null>>>>;
