/** Used when the host (CLI, tests) has no Electron app version to report. */
export const APP_VERSION_FALLBACK = '0.1.0';
