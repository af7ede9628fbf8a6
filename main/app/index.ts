import * as electron from 'electron';
import { appRootFromModule, startApp } from './shell';

// The entry point Electron runs (dist/main/index.js). All logic lives in startApp so a test can drive it.
startApp(electron, { appRoot: appRootFromModule(import.meta.url), devServerUrl: process.env.HAPYY_DEV_SERVER_URL }).catch(
  (error: unknown) => {
    console.error('Hapyy could not start:', error);
    electron.app.exit(1);
  },
);
