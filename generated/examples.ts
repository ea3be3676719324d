// Generated from openapi/ by scripts/generate.ts - do not edit.
// Change the spec under openapi/ and run `npm run generate`.
import type { Call, CreateCallRequest, ErrorResponse, UpdateCallRequest } from './schema.js';

/** `value`, frozen with everything in it: a change to an example shared by every test throws instead of changing it for the tests after. */
function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFrozen(item);
  }
  return value;
}

/** Every named example of the contract, keyed by its name, typed by the schema it illustrates; frozen (copy one with structuredClone to change it). */
export const examples: {
  /** A completed call with messages from both parties (GET /api/v1/calls/{id} 200) */
  readonly CallCompleted: Call;
  /** The call just started from StartPhoneCall (POST /api/v1/calls 200) */
  readonly CallCreated: Call;
  /** A call in progress (the published example, corrected) (GET /api/v1/calls/{id} 200) */
  readonly CallInProgress: Call;
  /** Two calls (GET /api/v1/calls 200) */
  readonly CallList: Call[];
  /** No call has this id (GET /api/v1/calls/{id} 404; PUT /api/v1/calls/{id} 404) */
  readonly CallNotFound: ErrorResponse;
  /** The call after the ReassignAgent request (PUT /api/v1/calls/{id} 200) */
  readonly CallReassigned: Call;
  /** The call after the published update (completed, agent set) (PUT /api/v1/calls/{id} 200) */
  readonly CallUpdated: Call;
  /** Complete a call and leave a note (the published example) (PUT /api/v1/calls/{id} request) */
  readonly CompleteWithNote: UpdateCallRequest;
  /** The body changes nothing (PUT /api/v1/calls/{id} 400) */
  readonly EmptyUpdateBody: ErrorResponse;
  /** An unexpected failure on the server (GET /api/v1/calls 500; POST /api/v1/calls 500; GET /api/v1/calls/{id} 500; PUT /api/v1/calls/{id} 500) */
  readonly InternalServerError: ErrorResponse;
  /** The call id is not a UUID (GET /api/v1/calls/{id} 400; PUT /api/v1/calls/{id} 400) */
  readonly InvalidCallId: ErrorResponse;
  /** A filter is not valid (GET /api/v1/calls 400) */
  readonly InvalidCallsFilter: ErrorResponse;
  /** The body breaks CreateCallRequest (POST /api/v1/calls 400) */
  readonly InvalidCreateBody: ErrorResponse;
  /** The body breaks UpdateCallRequest (PUT /api/v1/calls/{id} 400) */
  readonly InvalidUpdateBody: ErrorResponse;
  /** Hand a call over to another agent (PUT /api/v1/calls/{id} request) */
  readonly ReassignAgent: UpdateCallRequest;
  /** Briefly unavailable (GET /api/v1/calls 503; POST /api/v1/calls 503; GET /api/v1/calls/{id} 503; PUT /api/v1/calls/{id} 503) */
  readonly ServiceUnavailable: ErrorResponse;
  /** Call a customer about an order (the published example, corrected) (POST /api/v1/calls request) */
  readonly StartPhoneCall: CreateCallRequest;
  /** Start a WhatsApp conversation with only the required fields (POST /api/v1/calls request) */
  readonly StartWhatsAppChat: CreateCallRequest;
  /** Rate limited (GET /api/v1/calls 429; POST /api/v1/calls 429; GET /api/v1/calls/{id} 429; PUT /api/v1/calls/{id} 429) */
  readonly TooManyRequests: ErrorResponse;
  /** No credentials, or credentials that are not valid (GET /api/v1/calls 401; POST /api/v1/calls 401; GET /api/v1/calls/{id} 401; PUT /api/v1/calls/{id} 401) */
  readonly Unauthorized: ErrorResponse;
} = /* @__PURE__ */ deepFrozen({
  CallCompleted: {
    "id": "7d3f1a2b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
    "status": "completed",
    "agentPhone": "+442071838750",
    "agentEmail": "maria.keller@example.com",
    "customerPhone": "+4915112345678",
    "customerEmail": "jonas.weber@example.org",
    "agentId": "3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b",
    "customerId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    "skillId": "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
    "customerName": "Jonas Weber",
    "transcription": "Agent: Good morning, this is Maria from Elemente. How can I help?\nCustomer: My router shows a red light since this morning.\nAgent: Thanks, I have reset your line. Is the light green now?\nCustomer: Yes, it works again. Thank you!",
    "recordingUrl": "https://recordings.example.com/calls/7d3f1a2b.wav",
    "messages": [
      {
        "sid": "SM0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "timestamp": "2025-03-18T09:02:11Z",
        "sender": "agent",
        "content": "Good morning, this is Maria from Elemente. How can I help?",
        "status": "delivered"
      },
      {
        "sid": "SM1b2c3d4e5f60718293a4b5c6d7e8f90a",
        "timestamp": "2025-03-18T09:02:45Z",
        "sender": "customer",
        "content": "My router shows a red light since this morning.",
        "mediaUrl": "https://media.example.com/messages/router-light.jpg",
        "status": "received"
      },
      {
        "sid": "SM2c3d4e5f60718293a4b5c6d7e8f90a1b",
        "timestamp": "2025-03-18T09:05:30Z",
        "sender": "agent",
        "content": "Thanks, I have reset your line. Is the light green now?",
        "status": "read"
      },
      {
        "sid": "SM3d4e5f60718293a4b5c6d7e8f90a1b2c",
        "timestamp": "2025-03-18T09:06:02Z",
        "sender": "customer",
        "content": "Yes, it works again. Thank you!",
        "status": "received"
      }
    ],
    "duration": 355
  },
  CallCreated: {
    "id": "2e4f6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b",
    "status": "ringing",
    "agentPhone": "+12673624524",
    "agentEmail": "agent@example.com",
    "customerPhone": "+1234567890",
    "customerEmail": "customer@example.com",
    "agentId": "123e4567-e89b-12d3-a456-426614174000",
    "customerId": "8f7e6d5c-4b3a-4291-8e7f-6d5c4b3a2918",
    "skillId": "123e4567-e89b-12d3-a456-426614174000",
    "customerName": "John Doe",
    "transcription": "",
    "recordingUrl": "https://recordings.example.com/calls/2e4f6a8c.wav",
    "messages": [],
    "duration": 0
  },
  CallInProgress: {
    "id": "123e4567-e89b-12d3-a456-426614174000",
    "status": "in-progress",
    "agentPhone": "+1234567890",
    "agentEmail": "agent@example.com",
    "customerPhone": "+1234567890",
    "customerEmail": "customer@example.com",
    "agentId": "123e4567-e89b-12d3-a456-426614174000",
    "customerId": "123e4567-e89b-12d3-a456-426614174000",
    "skillId": "123e4567-e89b-12d3-a456-426614174000",
    "customerName": "John Doe",
    "transcription": "Hello, how can I help you?",
    "recordingUrl": "https://example.com/recording.wav",
    "messages": [
      {
        "sid": "SM1234567890abcdef",
        "timestamp": "2025-03-17T14:30:00Z",
        "sender": "agent",
        "content": "Hello, how can I assist you today?",
        "mediaUrl": "https://example.com/image.jpg",
        "status": "delivered"
      }
    ],
    "duration": 7200
  },
  CallList: [
    {
      "id": "7d3f1a2b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
      "status": "completed",
      "agentPhone": "+442071838750",
      "agentEmail": "maria.keller@example.com",
      "customerPhone": "+4915112345678",
      "customerEmail": "jonas.weber@example.org",
      "agentId": "3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b",
      "customerId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
      "skillId": "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
      "customerName": "Jonas Weber",
      "transcription": "Agent: Good morning, this is Maria from Elemente. How can I help?\nCustomer: My router shows a red light since this morning.",
      "recordingUrl": "https://recordings.example.com/calls/7d3f1a2b.wav",
      "messages": [
        {
          "sid": "SM0a1b2c3d4e5f60718293a4b5c6d7e8f9",
          "timestamp": "2025-03-18T09:02:11Z",
          "sender": "agent",
          "content": "Good morning, this is Maria from Elemente. How can I help?",
          "status": "delivered"
        }
      ],
      "duration": 355
    },
    {
      "id": "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e",
      "status": "no-answer",
      "agentPhone": "+442071838750",
      "agentEmail": "maria.keller@example.com",
      "customerPhone": "+33612345678",
      "customerEmail": "claire.martin@example.fr",
      "agentId": "3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b",
      "customerId": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      "skillId": "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
      "customerName": "Claire Martin",
      "transcription": "",
      "recordingUrl": "https://recordings.example.com/calls/5b6c7d8e.wav",
      "messages": [],
      "duration": 0
    }
  ],
  CallNotFound: {
    "statusCode": 404,
    "message": "Call not found",
    "error": "Not Found"
  },
  CallReassigned: {
    "id": "123e4567-e89b-12d3-a456-426614174000",
    "status": "in-progress",
    "agentPhone": "+14155550123",
    "agentEmail": "li.chen@example.com",
    "customerPhone": "+1234567890",
    "customerEmail": "customer@example.com",
    "agentId": "5b6c7d8e-9f01-4a23-b456-789abcdef012",
    "customerId": "123e4567-e89b-12d3-a456-426614174000",
    "skillId": "123e4567-e89b-12d3-a456-426614174000",
    "customerName": "John Doe",
    "transcription": "Hello, how can I help you?",
    "recordingUrl": "https://example.com/recording.wav",
    "messages": [
      {
        "sid": "SM1234567890abcdef",
        "timestamp": "2025-03-17T14:30:00Z",
        "sender": "agent",
        "content": "Hello, how can I assist you today?",
        "mediaUrl": "https://example.com/image.jpg",
        "status": "delivered"
      }
    ],
    "duration": 7200
  },
  CallUpdated: {
    "id": "123e4567-e89b-12d3-a456-426614174000",
    "status": "completed",
    "agentPhone": "+1234567890",
    "agentEmail": "agent@example.com",
    "customerPhone": "+1234567890",
    "customerEmail": "customer@example.com",
    "agentId": "123e4567-e89b-12d3-a456-426614174000",
    "customerId": "123e4567-e89b-12d3-a456-426614174000",
    "skillId": "123e4567-e89b-12d3-a456-426614174000",
    "customerName": "John Doe",
    "transcription": "Hello, how can I help you?",
    "recordingUrl": "https://example.com/recording.wav",
    "messages": [
      {
        "sid": "SM1234567890abcdef",
        "timestamp": "2025-03-17T14:30:00Z",
        "sender": "agent",
        "content": "Hello, how can I assist you today?",
        "mediaUrl": "https://example.com/image.jpg",
        "status": "delivered"
      }
    ],
    "duration": 7200
  },
  CompleteWithNote: {
    "agentId": "123e4567-e89b-12d3-a456-426614174000",
    "status": "completed",
    "note": "This call need a follow up"
  },
  EmptyUpdateBody: {
    "statusCode": 400,
    "message": [
      "the body must contain at least one of agentId, status, note"
    ],
    "error": "Bad Request"
  },
  InternalServerError: {
    "statusCode": 500,
    "message": "Internal server error"
  },
  InvalidCallId: {
    "statusCode": 400,
    "message": [
      "id must be a UUID"
    ],
    "error": "Bad Request"
  },
  InvalidCallsFilter: {
    "statusCode": 400,
    "message": [
      "a query parameter does not match the listCalls filters; the problems are listed one per line here (and, from the mock, in its sl-violations header)"
    ],
    "error": "Bad Request"
  },
  InvalidCreateBody: {
    "statusCode": 400,
    "message": [
      "the request body does not match CreateCallRequest; the problems are listed one per line here (and, from the mock, in its sl-violations header)"
    ],
    "error": "Bad Request"
  },
  InvalidUpdateBody: {
    "statusCode": 400,
    "message": [
      "the request body does not match UpdateCallRequest; the problems are listed one per line here (and, from the mock, in its sl-violations header)"
    ],
    "error": "Bad Request"
  },
  ReassignAgent: {
    "agentId": "5b6c7d8e-9f01-4a23-b456-789abcdef012"
  },
  ServiceUnavailable: {
    "statusCode": 503,
    "message": "Service Unavailable"
  },
  StartPhoneCall: {
    "agentId": "123e4567-e89b-12d3-a456-426614174000",
    "agentOverride": {
      "name": "John Doe",
      "phone": "+12673624524",
      "imageURL": "https://example.com/image.jpg",
      "language": "en-US",
      "voiceStability": 0.5,
      "voiceSpeed": 1.5,
      "prompt": {
        "initialMessage": "Hello {{firstName}}, this is {{aiName}}. I am calling about your order {{Order ID}}.",
        "prompt": "Your responsibility is to confirm with {{firstName}} that order {{Order ID}}, placed on {{Order Date}}, can be delivered this week.",
        "routingConditions": {
          "priority": "high"
        }
      }
    },
    "channel": "call",
    "skillId": "123e4567-e89b-12d3-a456-426614174000",
    "customerOverride": {
      "firstName": "John",
      "lastName": "Doe",
      "phoneNumber": "+1234567890",
      "email": "customer@example.com",
      "language": "en-US",
      "customFields": [
        {
          "name": "Order ID",
          "value": "12345"
        },
        {
          "name": "Order Date",
          "value": "2025-03-12"
        },
        {
          "name": "Order Amount",
          "value": 150.75
        },
        {
          "name": "Active Status",
          "value": true
        }
      ]
    },
    "customerName": "John Doe",
    "customerPhone": "+1234567890",
    "customerEmail": "customer@example.com"
  },
  StartWhatsAppChat: {
    "agentId": "3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b",
    "channel": "whatsapp",
    "skillId": "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
    "customerOverride": {
      "firstName": "Jonas",
      "phoneNumber": "+4915112345678"
    }
  },
  TooManyRequests: {
    "statusCode": 429,
    "message": "ThrottlerException: Too Many Requests",
    "error": "Too Many Requests"
  },
  Unauthorized: {
    "statusCode": 401,
    "message": "Unauthorized"
  },
});

/** Per operation, per documented status: the names of its examples, in the order of the spec. */
export const responseExamples = /* @__PURE__ */ deepFrozen({
  "listCalls": {
    "200": [
      "CallList"
    ],
    "400": [
      "InvalidCallsFilter"
    ],
    "401": [
      "Unauthorized"
    ],
    "429": [
      "TooManyRequests"
    ],
    "500": [
      "InternalServerError"
    ],
    "503": [
      "ServiceUnavailable"
    ]
  },
  "createCall": {
    "200": [
      "CallCreated"
    ],
    "400": [
      "InvalidCreateBody"
    ],
    "401": [
      "Unauthorized"
    ],
    "429": [
      "TooManyRequests"
    ],
    "500": [
      "InternalServerError"
    ],
    "503": [
      "ServiceUnavailable"
    ]
  },
  "getCall": {
    "200": [
      "CallInProgress",
      "CallCompleted"
    ],
    "400": [
      "InvalidCallId"
    ],
    "401": [
      "Unauthorized"
    ],
    "404": [
      "CallNotFound"
    ],
    "429": [
      "TooManyRequests"
    ],
    "500": [
      "InternalServerError"
    ],
    "503": [
      "ServiceUnavailable"
    ]
  },
  "updateCall": {
    "200": [
      "CallUpdated",
      "CallReassigned"
    ],
    "400": [
      "InvalidUpdateBody",
      "EmptyUpdateBody",
      "InvalidCallId"
    ],
    "401": [
      "Unauthorized"
    ],
    "404": [
      "CallNotFound"
    ],
    "429": [
      "TooManyRequests"
    ],
    "500": [
      "InternalServerError"
    ],
    "503": [
      "ServiceUnavailable"
    ]
  }
} as const);

/** Per operation, per documented status that has headers: the example value of each, as a mock sends them. */
export const responseHeaders: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>> = /* @__PURE__ */ deepFrozen({
  "listCalls": {
    "401": {
      "WWW-Authenticate": "Basic realm=\"api.elemente.ai\", charset=\"UTF-8\""
    },
    "429": {
      "Retry-After": "30"
    },
    "503": {
      "Retry-After": "30"
    }
  },
  "createCall": {
    "401": {
      "WWW-Authenticate": "Basic realm=\"api.elemente.ai\", charset=\"UTF-8\""
    },
    "429": {
      "Retry-After": "30"
    },
    "503": {
      "Retry-After": "30"
    }
  },
  "getCall": {
    "401": {
      "WWW-Authenticate": "Basic realm=\"api.elemente.ai\", charset=\"UTF-8\""
    },
    "429": {
      "Retry-After": "30"
    },
    "503": {
      "Retry-After": "30"
    }
  },
  "updateCall": {
    "401": {
      "WWW-Authenticate": "Basic realm=\"api.elemente.ai\", charset=\"UTF-8\""
    },
    "429": {
      "Retry-After": "30"
    },
    "503": {
      "Retry-After": "30"
    }
  }
});
