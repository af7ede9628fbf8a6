/** The engine without a window (composition root of the services) and what it needs from the desktop. */
export { createEngine, type Engine, type EngineOptions } from './engine';
export type { Desktop } from './desktop';
