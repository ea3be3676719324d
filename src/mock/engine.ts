// Prism's mock engine, in this process: the package @stoplight/prism-cli
// installs (an optional peer dependency, pinned), with its request validation,
// Basic-auth check, examples and `Prefer` handling, and without its CLI's
// per-request logging. The mock server (server.ts) puts its HTTP in front.
import { createRequire } from 'node:module';
import type { Preferences } from './response.js';

export const PRISM_VERSION = '5.14.2';

/** A request as Prism's engine takes it. */
export interface EngineRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, the text of another, or null for none. */
  body: unknown;
}

/** One problem Prism found, as its `sl-violations` header lists it. */
export interface Violation {
  location: string[];
  severity: string;
  code?: string | number | undefined;
  message: string;
}

/** What Prism made of a request. */
export type EngineOutcome =
  | {
      kind: 'response';
      status: number;
      headers: Record<string, string>;
      body: unknown;
      requestViolations: Violation[];
      responseViolations: Violation[];
      /** The preferences of the request's Prefer header, as Prism read them. */
      prefer: Preferences;
      /** True when the body is data Prism generated (`--dynamic`, or `Prefer: dynamic=true`), not an example. */
      generated: boolean;
    }
  /** Prism could not answer: no operation matches, a `Prefer` it cannot honour, a representation it cannot produce. */
  | { kind: 'problem'; status: number; title: string; detail: string; headers: Record<string, string> };

export interface Engine {
  respond(request: EngineRequest): Promise<EngineOutcome>;
}

/** Prism is not installed where this package is, or not a version whose engine this mock knows. */
export class PrismMissingError extends Error {
  override name = 'PrismMissingError';
}

// The parts of Prism's modules this file uses.
interface PrismProblem {
  status?: number;
  message: string;
  detail?: string;
  additional?: { headers?: Record<string, string> };
}
type Either<L, R> = { _tag: 'Left'; left: L } | { _tag: 'Right'; right: R };
interface PrismDiagnostic {
  path?: Array<string | number>;
  severity: number;
  code?: string | number;
  message: string;
}
interface PrismModules {
  http: {
    getHttpOperationsFromSpec(spec: unknown): Promise<unknown[]>;
    createInstance(
      config: unknown,
      components: { logger: unknown },
    ): {
      request(
        input: unknown,
        operations: unknown[],
        config: unknown,
      ): () => Promise<
        Either<
          PrismProblem,
          {
            output: { statusCode: number; headers?: Record<string, string>; body?: unknown };
            validations: { input: PrismDiagnostic[]; output: PrismDiagnostic[] };
          }
        >
      >;
    };
  };
  core: { createLogger(name: string, options: { level: string }): unknown };
  preferences: {
    getHttpConfigFromRequest(input: unknown): Either<PrismProblem, { code?: number; exampleKey?: string; dynamic?: boolean; seed?: string }>;
  };
}

/** Prism's diagnostic severities, by their number. */
const SEVERITIES = ['Error', 'Warning', 'Information', 'Hint'];

/** Loads Prism's engine from the @stoplight/prism-cli installed next to `from` (a file URL of this package). */
export function loadPrism(from: string): PrismModules {
  const local = createRequire(from);
  let cli: string;
  try {
    cli = local.resolve('@stoplight/prism-cli/package.json');
  } catch {
    throw new PrismMissingError(`Prism is not installed; install it next to this package: npm install --save-dev @stoplight/prism-cli@${PRISM_VERSION}`);
  }
  // Prism's own packages, resolved as the CLI resolves them, whether npm hoisted them or not.
  const prism = createRequire(cli);
  try {
    return {
      http: prism('@stoplight/prism-http'),
      core: prism('@stoplight/prism-core'),
      preferences: prism('@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js'),
    };
  } catch {
    const { version } = prism('./package.json') as { version: string };
    throw new PrismMissingError(
      `@stoplight/prism-cli ${version} is installed, whose engine this mock cannot load; install the version it is tested with: npm install --save-dev @stoplight/prism-cli@${PRISM_VERSION}`,
    );
  }
}

const toViolation =
  (prefix: string) =>
  (diagnostic: PrismDiagnostic): Violation => ({
    location: [prefix, ...(diagnostic.path ?? []).map(String)],
    severity: SEVERITIES[diagnostic.severity] ?? 'Error',
    code: diagnostic.code,
    message: diagnostic.message,
  });

/**
 * Prism's engine for `spec` (the bundled contract), configured as
 * `prism mock --errors` configures it: requests validated, the Basic-auth
 * check on, generated answers validated; `dynamic` answers with generated
 * data instead of the examples. An example answer is not validated here:
 * the mock's answer path picks the example itself (the examples are checked
 * against the contract by the tests), so Prism's check of its own would be
 * work thrown away on every request.
 */
export async function createEngine(prism: PrismModules, spec: unknown, options: { dynamic: boolean }): Promise<Engine> {
  const operations = await prism.http.getHttpOperationsFromSpec(spec);
  const config = {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: true,
    isProxy: false,
    upstreamProxy: undefined,
    mock: { dynamic: options.dynamic },
  };
  const instance = prism.http.createInstance(config, { logger: prism.core.createLogger('elemente-calls-mock', { level: 'silent' }) });
  return {
    async respond(request) {
      const input = { method: request.method.toLowerCase(), url: { path: request.path, query: request.query }, headers: request.headers, body: request.body };
      const preferences = prism.preferences.getHttpConfigFromRequest(input);
      const generates = (preferences._tag === 'Right' ? preferences.right.dynamic : undefined) ?? options.dynamic;
      const result =
        preferences._tag === 'Left'
          ? preferences
          : await instance.request(input, operations, {
              ...config,
              validateResponse: generates,
              mock: { ...config.mock, ...withoutUndefined(preferences.right) },
            })();
      if (result._tag === 'Left') {
        const { status = 500, message, detail = '', additional } = result.left;
        return { kind: 'problem', status, title: message, detail, headers: additional?.headers ?? {} };
      }
      const { output, validations } = result.right;
      const { code, exampleKey, dynamic } = preferences._tag === 'Right' ? preferences.right : {};
      return {
        kind: 'response',
        status: output.statusCode,
        headers: output.headers ?? {},
        body: output.body,
        requestViolations: validations.input.map(toViolation('request')),
        responseViolations: validations.output.map(toViolation('response')),
        prefer: { code: code === undefined ? undefined : String(code), example: exampleKey, dynamic },
        generated: generates,
      };
    },
  };
}

/** Prism's preferences without the keys the request did not set, which would otherwise replace the configured ones. */
function withoutUndefined(values: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
