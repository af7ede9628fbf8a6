import type { HapyyApi } from '../shared/api';

declare global {
  interface Window {
    /** The only way to main: the preload's bridge, derived from shared/contract.ts. */
    hapyy: HapyyApi;
  }
}

export {};
