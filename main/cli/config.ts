import { readFile } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import type { Settings } from '../../shared/settings';
import { loadCustomTools } from '../registry';
import { parseSettingsStrict } from '../store';

/**
 * `--config <file>`: the app's own settings schema. Unlike the app (which repairs a bad settings file and carries
 * on), an invalid config is an error that names the field, custom tools included: a CI job should fail loudly
 * rather than run with defaults it did not ask for.
 */
export async function readConfig(path: string): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AppError('invalid-input', `Cannot read the config file ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid-input', `The config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  let settings: Settings;
  try {
    settings = parseSettingsStrict(json);
  } catch (error) {
    throw error instanceof AppError ? new AppError('invalid-input', `${path}: ${error.message}`, error.details) : error;
  }
  const { problems } = loadCustomTools(settings.customTools);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    throw new AppError('invalid-input', `${path}: the custom tools are not valid: ${list}`, { problems });
  }
  return settings;
}
