/**
 * Help links for engines' rule codes, where the engine publishes one page per code. A link the diagnostics parser
 * found in the engine's own output (Ruff's JSON carries `url`) always wins; these cover the rest.
 * TypeScript has no official page per TS code, so its rules carry no link.
 */
export function ruleHelpUri(code: string, given?: string): string | undefined {
  if (given) return given;
  if (/^SC\d{4}$/.test(code)) return `https://www.shellcheck.net/wiki/${code}`;
  return undefined;
}

/** Each engine's home page, by engine id (shared/tools.ts); SARIF viewers link the tool's name to it. */
const ENGINE_PAGES: Record<string, string> = {
  shellcheck: 'https://www.shellcheck.net/',
  ruff: 'https://docs.astral.sh/ruff/',
  pyflakes: 'https://github.com/PyCQA/pyflakes',
  tsc: 'https://www.typescriptlang.org/',
};

export function engineInformationUri(engineId: string | undefined): string | undefined {
  return engineId === undefined ? undefined : ENGINE_PAGES[engineId];
}
