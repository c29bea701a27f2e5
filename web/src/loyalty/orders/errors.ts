/**
 * A webhook payload the points engine cannot use (a required field missing or malformed). Retrying cannot help:
 * the webhook worker should treat it as a poison job (BullMQ `UnrecoverableError`) and mark the event failed.
 */
export class InvalidPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPayloadError';
  }
}
