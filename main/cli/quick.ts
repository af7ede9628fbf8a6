import { bakedVersion } from './baked-version';
import { USAGE } from './usage';

/**
 * The answer to `hapyy --version` or `hapyy --help` alone on the command line, printed by the bundle's entry before
 * anything else loads; null for everything else (parseCli then decides, e.g. `--version --bogus` is a usage error).
 * Without a baked version (running from the sources) --version goes the long way, to package.json.
 */
export function quickAnswer(argv: readonly string[]): string | null {
  if (argv.length !== 1) return null;
  const [flag] = argv;
  if (flag === '--help' || flag === '-h') return USAGE;
  const version = bakedVersion();
  if ((flag === '--version' || flag === '-v') && version !== undefined) return `${version}\n`;
  return null;
}
