// What the contract's 19 call statuses mean, in one table that the client's
// isFinalStatus and the mock's simulated lives both read. Inferred, all of
// it: the API publishes the statuses (the `status` filter of "Get calls")
// without saying which channel uses which, or which end a call.
import type { CallChannel, CallStatus } from '../../generated/schema.js';

const CALL: CallChannel = 'call';
const SMS: CallChannel = 'sms';
const WHATSAPP: CallChannel = 'whatsapp';
const EMAIL: CallChannel = 'email';
const WEBCHAT: CallChannel = 'webchat';

/**
 * Per status: whether a call in it changes no more, and the channels whose
 * calls can be in it. Final: an outcome (`completed`, `failed`, `busy`,
 * `no-answer`, `voicemail`, `canceled`, `expired`) or a conversation that
 * was ended (`close`, `closed`, `resolved`). Not final: a call not started
 * or under way (`queued`, `pending`, `processing`, `ringing`, `answer`,
 * `in-progress`, `ongoing`, `open`), and `stalled`, a pause rather than an
 * end. The phone's statuses are those of a telephony call; the messaging
 * channels' those of a conversation that opens, goes on and is closed.
 */
export const CALL_STATUSES: Readonly<Record<CallStatus, readonly [final: boolean, channels: readonly CallChannel[]]>> = {
  queued: [false, [CALL, SMS, EMAIL]],
  pending: [false, [WHATSAPP, WEBCHAT]],
  processing: [false, [EMAIL]],
  ringing: [false, [CALL]],
  answer: [false, [CALL]],
  'in-progress': [false, [CALL]],
  open: [false, [SMS, WHATSAPP, EMAIL]],
  ongoing: [false, [SMS, WHATSAPP, EMAIL, WEBCHAT]],
  stalled: [false, [SMS, WHATSAPP, WEBCHAT]],
  completed: [true, [CALL]],
  failed: [true, [CALL, SMS, WHATSAPP, EMAIL]],
  busy: [true, [CALL]],
  'no-answer': [true, [CALL]],
  voicemail: [true, [CALL]],
  canceled: [true, [CALL, WEBCHAT]],
  expired: [true, [SMS, WHATSAPP, EMAIL]],
  close: [true, [WEBCHAT]],
  closed: [true, [SMS, WHATSAPP, EMAIL, WEBCHAT]],
  resolved: [true, [SMS, WHATSAPP, EMAIL, WEBCHAT]],
};

/** True when a call in `status` changes no more (inferred: see CALL_STATUSES). A status this version does not know is not final. */
export function isFinalStatus(status: CallStatus | string): boolean {
  return Object.hasOwn(CALL_STATUSES, status) && CALL_STATUSES[status as CallStatus][0];
}
