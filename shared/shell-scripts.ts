/** Shells ShellCheck checks; a file written for one of these is a Bash Verification input whatever its name. */
export const CHECKED_SHELLS = ['sh', 'bash', 'dash', 'ksh'] as const;

/** Bytes of a file's start that tell (a shebang is on the first line; a directive may follow a comment). */
export const SCRIPT_HEAD_BYTES = 256;

/** The program a `#!` line runs: `#!/bin/bash -e` → bash, `#!/usr/bin/env -S bash -x` → bash. */
export function shebangProgram(head: Buffer): string | null {
  if (head[0] !== 0x23 || head[1] !== 0x21) return null;
  const end = head.indexOf(0x0a);
  const words = head
    .subarray(2, end === -1 ? head.length : end)
    .toString('latin1')
    .trim()
    .split(/[ \t]+/);
  let program = (words[0] ?? '').split('/').pop() ?? '';
  if (program === 'env') program = words.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? '';
  return program.replace(/\r$/, '') || null;
}

/**
 * The shell a file says it is written for, from its first lines: a `#!` line, ShellCheck's own `# shellcheck
 * shell=bash` directive, or an Emacs mode line `-*- shell-script -*-` (bash-completion's 600 scripts carry only
 * that; they are sourced, never run). A mode line names no particular shell: it reads as `sh`.
 */
export function scriptShell(head: Buffer): string | null {
  const program = shebangProgram(head);
  if (program !== null) return program;
  const text = head.toString('latin1');
  const directive = /^#\s*shellcheck\s+(?:[a-z]+=\S*\s+)*shell=([a-z]+)/m.exec(text);
  if (directive) return directive[1] ?? null;
  const firstLine = text.split('\n', 1)[0] ?? '';
  return /-\*-\s*(?:mode:\s*)?(?:shell-script|sh)\s*(?:;[^*]*)?-\*-/i.test(firstLine) ? 'sh' : null;
}

