import type { ToolStatus } from '../../../shared/contract';
import { CPP_STANDARDS } from '../../../shared/settings';
import { NumberField } from './NumberField';
import { TextField } from './TextField';
import { SECONDS } from './units';

/** Per-tool time limits: empty means the tool's default. */
export function TimeLimitsSection({ tools }: { tools: readonly ToolStatus[] }) {
  return (
    <fieldset className="settings-section">
      <legend>Time limits</legend>
      <p className="muted small">How long each tool may run before it is stopped. Leave empty for the tool's default.</p>
      <div className="field-grid">
        {tools.map(({ tool }) => (
          <NumberField
            key={tool.id}
            path={['tools', tool.id, 'timeoutSec']}
            label={tool.name}
            unit={SECONDS}
            optional
            placeholder={String(tool.execution.defaultTimeoutSec)}
            hint={`Default ${tool.execution.defaultTimeoutSec} s, at most ${tool.execution.maxTimeoutSec} s.`}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** An explicit executable per tool, looked at before PATH. */
export function EnginePathsSection({ tools }: { tools: readonly ToolStatus[] }) {
  return (
    <fieldset className="settings-section">
      <legend>Engines</legend>
      <p className="muted small">Hapyy finds engines on your PATH. Give a full path here to use a specific one; Rescan in the tool list checks it.</p>
      <div className="field-stack">
        {tools
          .filter(({ tool }) => !tool.custom)
          .map((status) => (
            <TextField
              key={status.tool.id}
              path={['enginePaths', status.tool.id]}
              label={status.tool.name}
              placeholder={status.engine?.path ?? status.tool.execution.engines.map((e) => e.commands[0]).join(' or ')}
            />
          ))}
      </div>
    </fieldset>
  );
}

/** Tools whose engine is told the C++ standard (`{cppStandard}` in its arguments). */
const takesCppStandard = ({ tool }: ToolStatus): boolean =>
  tool.execution.engines.some((e) => e.argVariants.some((v) => v.args.some((a) => a.includes('{cppStandard}'))));

/** The C++ standard per C++ tool: empty means C++17. */
export function CppStandardSection({ tools }: { tools: readonly ToolStatus[] }) {
  const cpp = tools.filter(takesCppStandard);
  if (cpp.length === 0) return null;
  return (
    <fieldset className="settings-section">
      <legend>C++ standard</legend>
      <p className="muted small">The standard your C++ sources are written in, as the engine is told it ({CPP_STANDARDS.join(', ')}). Leave empty for C++17.</p>
      <div className="field-stack">
        {cpp.map(({ tool }) => (
          <TextField key={tool.id} path={['tools', tool.id, 'cppStandard']} label={tool.name} placeholder="c++17" />
        ))}
      </div>
    </fieldset>
  );
}
