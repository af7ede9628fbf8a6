import type { z } from 'zod';
import type { SkippedEntrySchema } from '../../../shared/projects';

type Reason = z.infer<typeof SkippedEntrySchema>['reason'];

export const SKIP_REASONS: Record<Reason, string> = {
  'link-outside': 'link pointing outside the project',
  link: 'symbolic link',
  'special-file': 'not a regular file',
  unreadable: 'could not be read',
  ignored: 'ignored',
  'too-deep': 'nested too deeply',
  'too-large': 'too large',
};
