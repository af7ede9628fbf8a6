// `npm run build:cli`: only the `hapyy` bundle (dist/cli), from the same vite config as the app.
import { createBuilder } from 'vite';

const builder = await createBuilder();
await builder.build(builder.environments.cli);
