// The one error type of the tokenizer library: bad input or a bad file, with a message that
// names the problem (and where it is, when that is known).

export class TokenizerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerError';
  }
}
