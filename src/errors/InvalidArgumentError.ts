import { ElementeError } from './ElementeError.js';

/**
 * Bad input found before any request was sent: nothing left the process.
 * `argument` names the option or parameter at fault; its value is never
 * repeated in the message, since it may be a credential.
 */
export class InvalidArgumentError extends ElementeError {
  override name = 'InvalidArgumentError';

  constructor(
    readonly argument: string,
    problem: string,
  ) {
    super(`${argument}: ${problem}`);
  }
}
