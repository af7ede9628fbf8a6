import { readFile } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import type { Settings } from '../../shared/settings';
import { parseSettingsStrict } from '../store';

/** `--config <file>`: the app's own settings schema; an invalid file is an error that names the field. */
export async function readConfig(path: string): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new AppError('invalid-input', `Cannot read the config file ${path}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid-input', `The config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSettingsStrict(json);
}
