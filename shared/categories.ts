/**
 * Tool categories and their labels, apart from the zod schemas in tools.ts: the renderer's first screen needs the
 * labels, and importing tools.ts would bring zod into the JavaScript it loads before its first paint.
 */
export const CATEGORIES = ['transpiler', 'verification', 'linter'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<Category, string> = {
  transpiler: 'Transpilers',
  verification: 'Verifiers',
  linter: 'Linters',
};
