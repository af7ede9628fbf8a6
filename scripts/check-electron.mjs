#!/usr/bin/env node
// Runs before `electron .` in `npm start`: one clear line instead of Electron's stack trace when the binary is missing.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryProblem } from './electron-check.mjs';
import { electronMissingLine } from './setup-plan.mjs';

const problem = electronBinaryProblem(join(dirname(fileURLToPath(import.meta.url)), '..'));
if (problem) {
  console.error(`npm start: ${electronMissingLine(problem)}`);
  process.exitCode = 1;
}
