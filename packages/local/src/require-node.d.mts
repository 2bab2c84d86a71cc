/** The message saying why this Node.js version cannot run ISMF and how to fix it, or undefined when it can. */
export function nodeVersionProblem(version?: string): string | undefined;
/** Exits the process with that message when the running Node.js is too old. */
export function requireNode(): void;
