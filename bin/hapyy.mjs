#!/usr/bin/env node
// The `hapyy` command. It runs the TypeScript sources through tsx, so `npx hapyy` works right after `npm install`
// with no build step, and always runs the code in the checkout.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/bin.ts');
