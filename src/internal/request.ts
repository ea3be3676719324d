// What the transport sends and what it hands back: the two shapes that
// every part of a call passes along.
import type { RequestContext } from '../errors.js';

/** One request, ready to send: everything the transport needs, already checked. */
export interface OutgoingRequest extends RequestContext {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string | undefined;
}

/** An answer whose body was read within the attempt's timeout and size limit (a redirect's is never read). */
export interface BufferedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  /** False when an error body was longer than MAX_ERROR_BODY_BYTES and cut there. */
  complete: boolean;
}
