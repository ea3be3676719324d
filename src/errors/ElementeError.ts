/**
 * The base of every error this package throws. `toJSON()` lists the
 * error's own public fields only, so that logging an error with
 * `JSON.stringify` shows what went wrong and nothing else.
 */
export class ElementeError extends Error {
  override name: string = 'ElementeError';

  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause' && value !== undefined) fields[key] = value;
    }
    return fields;
  }
}
