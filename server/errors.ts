// Errors a user can act on: they carry the HTTP status to answer with and a message that names
// the problem. Anything else is a bug and answers 500 without internals.

export class UserError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
