// Generated from openapi/ by scripts/generate.ts - do not edit.
// Change the spec under openapi/ and run `npm run generate`.
import type { CallStatus, CallChannel } from './schema.js';

/** The values of CallStatus, in the spec's order. */
export const callStatusValues: readonly CallStatus[] = ["failed", "voicemail", "ringing", "answer", "completed", "busy", "open", "close", "closed", "resolved", "no-answer", "canceled", "in-progress", "ongoing", "pending", "stalled", "expired", "processing", "queued"];

/** The values of CallChannel, in the spec's order. */
export const callChannelValues: readonly CallChannel[] = ["call", "sms", "whatsapp", "email", "webchat"];
