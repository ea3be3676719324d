// Generated from openapi/ by scripts/generate-types.ts - do not edit.
// Change the spec under openapi/ and run `npm run generate`.

export interface paths {
    "/api/v1/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the call, a UUID.
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: components["parameters"]["CallId"];
            };
            cookie?: never;
        };
        /**
         * Get a call
         * @description Returns one call with its parties, status, transcription, recording and
         *     conversation messages.
         *
         *     Published as `InteractionController_getConversationTranscript`; the
         *     operationId is renamed to a stable camelCase name for generated clients.
         */
        get: operations["getCall"];
        /**
         * Update a call
         * @description Changes the agent, the status or the note of a call, and returns the call
         *     as it is after the update. Send only the fields to change; at least one is
         *     required, and any other field is refused with `400`.
         *
         *     The request is idempotent: sending the same body twice leaves the call as
         *     sending it once does.
         */
        put: operations["updateCall"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * CallStatus
         * @description The state of a call. The values are the 19 published for the `status`
         *     filter of "Get calls", the only published list of call statuses; the call
         *     object itself publishes `status` as a plain string with the examples
         *     `in-progress` and `completed`, both in this list.
         * @example in-progress
         * @enum {string}
         */
        CallStatus: "failed" | "voicemail" | "ringing" | "answer" | "completed" | "busy" | "open" | "close" | "closed" | "resolved" | "no-answer" | "canceled" | "in-progress" | "ongoing" | "pending" | "stalled" | "expired" | "processing" | "queued";
        /**
         * PhoneNumber
         * @description A phone number in E.164 form: `+`, a country code and the subscriber
         *     number, at most 15 digits in all, no spaces. Every published example
         *     (`+1234567890`) has this form.
         * @example +14155550123
         */
        PhoneNumber: string;
        /**
         * MessageSender
         * @description Who wrote a message: the call's agent or its customer. The published
         *     examples show `agent`; a call has exactly these two parties (its
         *     `agentId` and `customerId`).
         * @example agent
         * @enum {string}
         */
        MessageSender: "agent" | "customer";
        /**
         * Message
         * @description One message of a call's conversation. The published page declares
         *     `messages` as `string[]`; its example, and every other published example,
         *     holds objects with these six properties.
         */
        Message: {
            /**
             * @description The message's id, in the style of a Twilio message SID (`SM` followed
             *     by hexadecimal digits).
             * @example SM1234567890abcdef
             */
            sid: string;
            /**
             * Format: date-time
             * @description When the message was sent, as an RFC 3339 date-time in UTC.
             * @example 2025-03-17T14:30:00Z
             */
            timestamp: string;
            sender: components["schemas"]["MessageSender"];
            /**
             * @description The text of the message; empty for a message that only carries media.
             * @example Hello, how can I assist you today?
             */
            content: string;
            /**
             * Format: uri
             * @description Where the media attached to the message can be fetched. Absent when the message has no media.
             * @example https://example.com/image.jpg
             */
            mediaUrl?: string;
            /**
             * @description The delivery state of the message, such as `queued`, `sent`,
             *     `delivered`, `undelivered`, `failed`, `received` or `read`. No list of
             *     values is published (the examples show `delivered`), so this is an open
             *     string, not an enum: clients must accept values they do not know.
             * @example delivered
             */
            status: string;
        };
        /**
         * Call
         * @description One conversation between an agent and a customer. Published as
         *     `SanitisedFeedback`; every property is marked required on the published
         *     page, and so it is here.
         *
         *     The object is open: a later version of the API may add properties, and
         *     clients should ignore the ones they do not know.
         */
        Call: {
            /**
             * Format: uuid
             * @description The call's id (published as "Interaction ID").
             * @example 123e4567-e89b-12d3-a456-426614174000
             */
            id: string;
            status: components["schemas"]["CallStatus"];
            /** @description The agent's phone number, in E.164 form. */
            agentPhone: components["schemas"]["PhoneNumber"];
            /**
             * Format: email
             * @description The agent's email address. The published example is a phone number
             *     (`+1234567890`); the field's name and description say email.
             * @example ada.agent@example.com
             */
            agentEmail: string;
            /** @description The customer's phone number, in E.164 form. */
            customerPhone: components["schemas"]["PhoneNumber"];
            /**
             * Format: email
             * @description The customer's email address. The published example is a phone number
             *     (`+1234567890`); the field's name and description say email.
             * @example john.doe@example.com
             */
            customerEmail: string;
            /**
             * Format: uuid
             * @description The id of the agent handling the call.
             * @example 3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b
             */
            agentId: string;
            /**
             * Format: uuid
             * @description The id of the customer.
             * @example 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
             */
            customerId: string;
            /**
             * Format: uuid
             * @description The id of the skill the call was routed by.
             * @example 0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5
             */
            skillId: string;
            /**
             * @description The customer's name.
             * @example John Doe
             */
            customerName: string;
            /**
             * @description The transcription of the call so far.
             * @example Hello, how can I help you?
             */
            transcription: string;
            /**
             * Format: uri
             * @description Where the recording of the call can be fetched.
             * @example https://example.com/recording.wav
             */
            recordingUrl: string;
            /**
             * @description The conversation's messages, oldest first. Published as `string[]`, but
             *     every published example holds message objects.
             */
            messages: components["schemas"]["Message"][];
            /**
             * @description The length of the call in whole seconds. Published as a number with the
             *     string example `"7200"`; it is a number.
             * @example 7200
             */
            duration: number;
        };
        /**
         * ErrorResponse
         * @description The body of every error response. No error body is published; this is the
         *     default error body of NestJS, the framework the published operationIds
         *     (`InteractionController_...`) come from. For a validation failure
         *     `message` lists every problem found; otherwise it is one sentence.
         */
        ErrorResponse: {
            /**
             * @description The HTTP status code of the response, repeated.
             * @example 404
             */
            statusCode: number;
            /** @description What went wrong; a list of problems for a validation failure. */
            message: string | string[];
            /**
             * @description The reason phrase of the status code, such as `Not Found`.
             * @example Not Found
             */
            error?: string;
        };
        /**
         * UpdateCallRequest
         * @description The fields of a call to change. Published only as "an object"; these are
         *     the three fields the published example sends and the page describes.
         *     Send at least one; any other property is refused with `400`.
         */
        UpdateCallRequest: {
            /**
             * Format: uuid
             * @description The id of the agent to assign the call to.
             * @example 123e4567-e89b-12d3-a456-426614174000
             */
            agentId?: string;
            status?: components["schemas"]["CallStatus"];
            /**
             * @description A note for the call, such as a follow-up to do. At most 2,000
             *     characters; the published pages set no limit, so this bound is the
             *     contract's own, large enough for a paragraph and small enough that a
             *     note cannot be used to send megabytes.
             * @example This call needs a follow-up.
             */
            note?: string;
        };
    };
    responses: {
        /** @description The call id is not a UUID. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The `Authorization` header is missing, is not Basic, or holds credentials that are not valid. */
        Unauthorized: {
            headers: {
                /**
                 * @description The scheme to authenticate with, as RFC 9110 requires of every 401:
                 *     HTTP Basic, with credentials encoded as UTF-8 (RFC 7617).
                 * @example Basic realm="api.elemente.ai", charset="UTF-8"
                 */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description No call has this id. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The server failed to handle the request. It may succeed if sent again later. */
        InternalServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request body breaks `UpdateCallRequest`, or the call id is not a UUID. */
        UpdateCallBadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description The id of the call, a UUID.
         * @example 123e4567-e89b-12d3-a456-426614174000
         */
        CallId: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type CallStatus = components['schemas']['CallStatus'];
export type PhoneNumber = components['schemas']['PhoneNumber'];
export type MessageSender = components['schemas']['MessageSender'];
export type Message = components['schemas']['Message'];
export type Call = components['schemas']['Call'];
export type ErrorResponse = components['schemas']['ErrorResponse'];
export type UpdateCallRequest = components['schemas']['UpdateCallRequest'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ResponseInternalServerError = components['responses']['InternalServerError'];
export type ResponseUpdateCallBadRequest = components['responses']['UpdateCallBadRequest'];
export type ParameterCallId = components['parameters']['CallId'];
export type $defs = Record<string, never>;
export interface operations {
    getCall: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the call, a UUID.
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: components["parameters"]["CallId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The call. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Call"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalServerError"];
        };
    };
    updateCall: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the call, a UUID.
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: components["parameters"]["CallId"];
            };
            cookie?: never;
        };
        /** @description The fields of the call to change. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCallRequest"];
            };
        };
        responses: {
            /** @description The call after the update. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Call"];
                };
            };
            400: components["responses"]["UpdateCallBadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalServerError"];
        };
    };
}
