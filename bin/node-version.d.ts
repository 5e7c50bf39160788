// Types of bin/node-version.js (plain JavaScript, so that every Node can parse it), for the tests.
export declare const SUPPORTED: readonly (readonly [major: number, minor: number])[];
export declare function nodeVersionProblem(version: string): string | undefined;
