// @elemente/calls-api/types: the contract's types and nothing else. Import
// from here where no runtime code may be pulled in (a front end that only
// types its own fetch calls, say).
export type {
  $defs,
  Call,
  CallStatus,
  ErrorResponse,
  Message,
  MessageSender,
  ParameterCallId,
  PhoneNumber,
  ResponseBadRequest,
  ResponseInternalServerError,
  ResponseNotFound,
  ResponseUnauthorized,
  ResponseUpdateCallBadRequest,
  UpdateCallRequest,
  components,
  operations,
  paths,
  webhooks,
} from '../generated/schema.js';
