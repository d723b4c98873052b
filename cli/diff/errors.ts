/** A failure the diff reports without a stack trace: exit 1 for bad input, 2 for anything else. */
export class DiffFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'DiffFailure';
  }
}
