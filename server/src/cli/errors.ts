// User errors of the command line: bad usage, missing or unreadable files. They are printed as one
// line and end the command with exit code 2; anything else is an internal error.

export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;
