// What the contract's 19 call statuses mean, in one table that the client's
// isFinalStatus and the mock's simulated lives both read. Inferred, all of
// it: the API publishes the statuses (the `status` filter of "Get calls")
// without saying which channel uses which, or which end a call.
import type { CallChannel, CallStatus } from '../../generated/schema.js';

/** A status's flags: the channels whose calls can be in it, and FINAL when a call in it changes no more. */
const CALL = 1;
const SMS = 2;
const WHATSAPP = 4;
const EMAIL = 8;
const WEBCHAT = 16;
const FINAL = 32;
const CHANNEL_FLAGS: Readonly<Record<CallChannel, number>> = { call: CALL, sms: SMS, whatsapp: WHATSAPP, email: EMAIL, webchat: WEBCHAT };

/**
 * Per status: the channels whose calls can be in it, and FINAL for a status
 * after which a call changes no more. Final: an outcome (`completed`,
 * `failed`, `busy`, `no-answer`, `voicemail`, `canceled`, `expired`) or a
 * conversation that was ended (`close`, `closed`, `resolved`). Not final: a
 * call not started or under way (`queued`, `pending`, `processing`,
 * `ringing`, `answer`, `in-progress`, `ongoing`, `open`), and `stalled`, a
 * pause rather than an end. The phone's statuses are those of a telephony
 * call; the messaging channels' those of a conversation that opens, goes on
 * and is closed.
 */
export const CALL_STATUSES: Readonly<Record<CallStatus, number>> = {
  queued: CALL | SMS | EMAIL,
  pending: WHATSAPP | WEBCHAT,
  processing: EMAIL,
  ringing: CALL,
  answer: CALL,
  'in-progress': CALL,
  open: SMS | WHATSAPP | EMAIL,
  ongoing: SMS | WHATSAPP | EMAIL | WEBCHAT,
  stalled: SMS | WHATSAPP | WEBCHAT,
  completed: FINAL | CALL,
  failed: FINAL | CALL | SMS | WHATSAPP | EMAIL,
  busy: FINAL | CALL,
  'no-answer': FINAL | CALL,
  voicemail: FINAL | CALL,
  canceled: FINAL | CALL | WEBCHAT,
  expired: FINAL | SMS | WHATSAPP | EMAIL,
  close: FINAL | WEBCHAT,
  closed: FINAL | SMS | WHATSAPP | EMAIL | WEBCHAT,
  resolved: FINAL | SMS | WHATSAPP | EMAIL | WEBCHAT,
};

/** True when a call in `status` changes no more (inferred: see CALL_STATUSES). A status this version does not know is not final. */
export function isFinalStatus(status: CallStatus | string): boolean {
  return Object.hasOwn(CALL_STATUSES, status) && (CALL_STATUSES[status as CallStatus] & FINAL) !== 0;
}

/** True when calls on `channel` can be in `status` (inferred: see CALL_STATUSES). */
export const isStatusOf = (status: CallStatus, channel: CallChannel): boolean => (CALL_STATUSES[status] & CHANNEL_FLAGS[channel]) !== 0;
