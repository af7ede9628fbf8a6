import type { Unit } from './field-issues';

export const MB: Unit = { factor: 1024 * 1024, name: 'MB' };
export const SECONDS: Unit = { factor: 1, name: 's' };
export const MS: Unit = { factor: 1, name: 'ms' };
export const NONE: Unit = { factor: 1, name: '' };
