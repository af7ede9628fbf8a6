// What `npm run setup` does on a platform, as data, so it can be printed, tested, and run by scripts/setup.mjs.
import { readFileSync } from 'node:fs';

/** @typedef {{ argv: string[], env?: Record<string, string> }} Step  a command to run */
/** @typedef {{ run: Step[], print: string[], note?: string }} SystemPlan  `print`: commands the user must run */

export const PACKAGES = JSON.parse(readFileSync(new URL('./system-packages.json', import.meta.url), 'utf8'));

const quote = (argv) => argv.join(' ');

/**
 * The system-package part of set-up.
 * @param {{ platform: NodeJS.Platform, isRoot: boolean, has: (command: string) => boolean }} host
 * @returns {SystemPlan}
 */
export function systemPlan({ platform, isRoot, has }) {
  if (platform === 'linux' && has('apt-get')) {
    const install = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...PACKAGES.apt];
    if (isRoot) {
      const env = { DEBIAN_FRONTEND: 'noninteractive' };
      return { run: [{ argv: ['apt-get', 'update', '-qq'], env }, { argv: install, env }], print: [] };
    }
    // Never sudo on the user's behalf: it may prompt, and a set-up script should not escalate silently.
    return {
      run: [],
      print: [`sudo apt-get update && sudo apt-get install -y --no-install-recommends ${PACKAGES.apt.join(' ')}`],
      note: 'not root: run this line to install the system packages',
    };
  }
  if (platform === 'linux') {
    return { run: [], print: [], note: `no apt-get here: install these with your package manager: ${PACKAGES.apt.join(' ')}` };
  }
  if (platform === 'darwin') {
    const steps = [['brew', 'install', ...PACKAGES.brew], ['brew', 'install', '--cask', ...PACKAGES.brewCask]];
    if (has('brew')) return { run: steps.map((argv) => ({ argv })), print: [] };
    return { run: [], print: steps.map(quote), note: 'Homebrew (https://brew.sh) is not installed: install it, then run these lines' };
  }
  if (platform === 'win32') {
    return {
      run: [],
      print: [
        PACKAGES.winget.map((id) => `winget install --exact --id ${id}`).join('; '),
        `choco install -y ${PACKAGES.choco.join(' ')}`,
      ],
      note: 'install the system packages with one of these lines (winget or Chocolatey; the sandbox is Linux/macOS only)',
    };
  }
  return { run: [], print: [], note: `unsupported platform ${platform}: install ${PACKAGES.apt.join(', ')} or their equivalents` };
}

/** `npm ci` where a lockfile must be honoured exactly (CI), else `npm install`; never downloads Electron's binary. */
export function npmStep({ ci }) {
  return {
    argv: ['npm', ci ? 'ci' : 'install', '--no-audit', '--no-fund'],
    env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  };
}

/** The one line said when Electron's binary is missing, by set-up and by `npm start`. */
export function electronMissingLine(reason) {
  return (
    `Electron's binary is not installed (${reason}): the command line (npx hapyy) and the tests work without it; ` +
    'the app window needs it. Fetch it later with `node node_modules/electron/install.js` ' +
    '(set ELECTRON_MIRROR to a reachable mirror if the default host is blocked).'
  );
}
