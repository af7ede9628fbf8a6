/** The `hapyy --help` text. Its own module, with no imports: the bundle's entry answers --help from it alone. */
export const USAGE = `Usage:
  hapyy tools [--json] [--config <file>] [--data-dir <dir>]
  hapyy examples [<tool-id>] [--json]
  hapyy run <tool-id> <path>... [--json | --format human|github] [--raw] [--sarif <file>] [--out <dir>]
            [--timeout <seconds>] [--baseline <run-id|sarif-file>] [--config <file>] [--data-dir <dir>]
  hapyy history [--json] [--data-dir <dir>]
  hapyy compare <run-a> <run-b> [--json] [--data-dir <dir>]
  hapyy watch <tool-id> <path> [--json] [--config <file>] [--data-dir <dir>]   (until Ctrl-C)
  hapyy worker --pool <redis-url> [--concurrency <n>] [--tools <id,id…>] [--config <file>]
  (\`run\` --pool <redis-url>: run the jobs on that shared pool instead of this machine)
  hapyy --help | --version

run prints each finding as \`path:line:col  severity  code  message\` and a summary line per project;
--raw also prints the engine's own output, exactly; --format github prints GitHub Actions annotations instead;
--sarif writes SARIF 2.1.0 (one run per project); --json prints NDJSON job events (job:finished carries the findings).
With --baseline, problems are marked new or unchanged and only new ones make the exit code 1.

Exit codes: 0 all runs completed, 1 a tool reported problems, 2 usage or configuration error,
3 a project was rejected, 4 the tool is unavailable, 5 a run hit a limit, 6 the tool itself failed;
stopped (every run cancelled, every process tree ended): 130 SIGINT, 143 SIGTERM, 129 SIGHUP or the parent ended.
`;
