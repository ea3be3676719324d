// The HTTP methods, in one place for the raw client and the scripts. It
// imports nothing, so that the scripts (and vitest.config.ts, through them)
// load it alone.

/** The methods an OpenAPI path item may hold an operation for: the same eight that openapi-fetch's client has a function for. */
export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
