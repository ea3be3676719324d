// Must not compile: the corrections of the published reference are in the types.
import type { Call } from '@elemente/calls-api';
import type { Message } from '@elemente/calls-api/types';

declare const call: Call;

const published: Call = { ...call, duration: '7200' }; // error: duration is a number, not the published string
const strings: Message[] = ['Hello, how can I assist you today?']; // error: messages are objects, not the published string[]
const asPublished: Call = { ...call, messages: ['Hello'] }; // error: messages are objects, not the published string[]

export { asPublished, published, strings };
