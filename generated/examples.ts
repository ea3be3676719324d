// Generated from openapi/ by scripts/generate.ts - do not edit.
// Change the spec under openapi/ and run `npm run generate`.
import type { Call, ErrorResponse, UpdateCallRequest } from './schema.js';

/** Every named example of the contract, keyed by its name, typed by the schema it illustrates. */
export const examples: {
  /** A completed call with messages from both parties (GET /api/v1/calls/{id} 200) */
  readonly CallCompleted: Call;
  /** A call in progress (the published example, corrected) (GET /api/v1/calls/{id} 200) */
  readonly CallInProgress: Call;
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
  /** An unexpected failure on the server (GET /api/v1/calls/{id} 500; PUT /api/v1/calls/{id} 500) */
  readonly InternalServerError: ErrorResponse;
  /** The call id is not a UUID (GET /api/v1/calls/{id} 400; PUT /api/v1/calls/{id} 400) */
  readonly InvalidCallId: ErrorResponse;
  /** The body has an unknown property and a status that does not exist (PUT /api/v1/calls/{id} 400) */
  readonly InvalidUpdateBody: ErrorResponse;
  /** Hand a call over to another agent (PUT /api/v1/calls/{id} request) */
  readonly ReassignAgent: UpdateCallRequest;
  /** No credentials, or credentials that are not valid (GET /api/v1/calls/{id} 401; PUT /api/v1/calls/{id} 401) */
  readonly Unauthorized: ErrorResponse;
} = {
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
  InvalidUpdateBody: {
    "statusCode": 400,
    "message": [
      "property priority should not exist",
      "status must be one of the following values: failed, voicemail, ringing, answer, completed, busy, open, close, closed, resolved, no-answer, canceled, in-progress, ongoing, pending, stalled, expired, processing, queued"
    ],
    "error": "Bad Request"
  },
  ReassignAgent: {
    "agentId": "5b6c7d8e-9f01-4a23-b456-789abcdef012"
  },
  Unauthorized: {
    "statusCode": 401,
    "message": "Unauthorized"
  },
};

/** Per operation: its method, its path, and the names of the examples of each documented status, in the order of the spec. */
export const operationExamples = {
  "getCall": {
    "method": "get",
    "path": "/api/v1/calls/{id}",
    "responses": {
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
      "500": [
        "InternalServerError"
      ]
    }
  },
  "updateCall": {
    "method": "put",
    "path": "/api/v1/calls/{id}",
    "responses": {
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
      "500": [
        "InternalServerError"
      ]
    }
  }
} as const;
