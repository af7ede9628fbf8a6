// Types for setup-plan.mjs (plain JS: set-up runs before TypeScript tooling is installed).
export interface Step {
  argv: string[];
  env?: Record<string, string>;
}
export interface SystemPlan {
  run: Step[];
  print: string[];
  note?: string;
}
export interface SystemPackages {
  apt: string[];
  brew: string[];
  brewCask: string[];
  winget: string[];
  choco: string[];
}
export const PACKAGES: SystemPackages;
export function systemPlan(host: { platform: NodeJS.Platform; isRoot: boolean; has: (command: string) => boolean }): SystemPlan;
export function npmStep(opts: { ci: boolean }): Step;
export function electronMissingLine(reason: string): string;
