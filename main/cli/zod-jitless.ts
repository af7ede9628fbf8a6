import { z } from 'zod';

// Zod 4 compiles a fast path (`new Function`) for each object schema the first time it parses with it. That pays
// off in the long-lived app, but a `hapyy` process parses most schemas once or twice (settings, the tool list, a
// record), so compiling costs more than it saves on the run path. Imported first by command.ts, before any schema
// parses; it changes only how zod checks, never what it accepts.
z.config({ jitless: true });
