import { randomBytes } from 'node:crypto';

/** Fixed width keeps ids sortable as strings until the year 5188. */
const TIME_WIDTH = 9;

/** Time-sortable and unique: base-36 milliseconds, then random; only [a-z0-9-], safe as a folder name anywhere. */
export function createJobId(now: number): string {
  return `${Math.max(0, Math.floor(now)).toString(36).padStart(TIME_WIDTH, '0')}-${randomBytes(5).toString('hex')}`;
}
