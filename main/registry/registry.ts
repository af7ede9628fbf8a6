import PQueue from 'p-queue';
import type { ToolStatus } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { BUILTIN_TOOLS } from '../../shared/tools';
import type { ToolDef } from '../../shared/tools';
import { loadCustomTools } from './custom';
import type { CustomToolProblem } from './custom';
import { detectTool, uncheckedStatus } from './detect';
import type { DetectContext, Detection } from './detect';
import { loginShellPath } from './login-shell-path';
import { joinPath, splitPath } from './path-lookup';
import type { RegistryOptions, ResolvedEngine } from './types';

type Listener = (tools: ToolStatus[]) => void;

const DEFAULT_PROBE_TIMEOUT_MS = 3000;

/** What the UI tells apart: a change here is a 'changed' event. */
const signature = (list: readonly ToolStatus[]) =>
  JSON.stringify(list.map((s) => [s.tool.id, s.available, s.engine?.id, s.engine?.version, s.engine?.path]));

/**
 * Which tools exist (built-ins + valid custom tools) and which can run here, with what engine.
 *
 * list() is synchronous: before the first detect() every tool is unavailable with reason 'not checked yet'. A tool
 * whose definition changed since the last scan (a custom tool edited in settings) also reads 'not checked yet' until
 * the next detect(); the settings service should call detect() after saving. enginePaths are read at detect().
 * The first completed scan always emits 'changed'; later scans emit only when availability, engine, version or path
 * of some tool differs (or tools were added or removed).
 */
export class Registry {
  private readonly opts: RegistryOptions;
  private detections = new Map<string, Detection>();
  private lastSignature: string | null = null;
  private readonly listeners = new Set<Listener>();
  private running: Promise<ToolStatus[]> | null = null;
  private queued: Promise<ToolStatus[]> | null = null;
  /** Every scan not yet ended, whole or partial. */
  private readonly scans = new Set<Promise<unknown>>();

  constructor(opts: RegistryOptions) {
    this.opts = opts;
  }

  tools(): ToolDef[] {
    return [...BUILTIN_TOOLS, ...loadCustomTools(this.opts.settings().customTools).tools];
  }

  customToolProblems(): CustomToolProblem[] {
    return loadCustomTools(this.opts.settings().customTools).problems;
  }

  /**
   * (Re)scans every tool, probes running concurrently (bounded). A call during a scan waits for it and then runs
   * one more scan (shared by every caller that came in meanwhile), so settings changed mid-scan are seen.
   * With `toolIds`, scans only those tools (a CLI run needs one engine, not eight probes) and returns their
   * statuses; other tools keep their last detection and no 'changed' event is emitted for a partial scan.
   */
  detect(toolIds?: readonly string[]): Promise<ToolStatus[]> {
    if (toolIds) return this.tracked(this.scan(toolIds));
    if (!this.running) {
      this.running = this.tracked(this.scan()).finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.detect();
      });
    return this.queued;
  }

  /**
   * Resolves once no scan is running (including one queued while waiting). A scan's probes start processes and
   * write the version cache into the data folder, so the engine's shutdown waits for them (each probe is bounded by
   * its timeout) rather than leave them running after the app, or writing into a folder being removed.
   */
  async idle(): Promise<void> {
    while (this.scans.size > 0 || this.queued) await Promise.allSettled([...this.scans, this.queued]);
  }

  private tracked<T>(scan: Promise<T>): Promise<T> {
    this.scans.add(scan);
    const done = () => this.scans.delete(scan);
    scan.then(done, done);
    return scan;
  }

  /**
   * Resolves once a first detection has finished (starting one if none has), so callers never see 'not checked yet'.
   * With `toolId`, a detection of that tool alone (detect([toolId])) is enough.
   */
  async ready(toolId?: string): Promise<void> {
    if (toolId !== undefined) {
      const tool = this.tools().find((t) => t.id === toolId);
      if (tool && this.current(tool)) return;
    }
    if (this.lastSignature === null) await (this.running ?? this.detect());
  }

  list(): ToolStatus[] {
    return this.tools().map((t) => this.current(t)?.status ?? uncheckedStatus(t));
  }

  resolve(toolId: string): ResolvedEngine {
    const tool = this.tools().find((t) => t.id === toolId);
    if (!tool) throw new AppError('not-found', `There is no tool "${toolId}".`);
    const d = this.current(tool);
    if (d?.resolved) return { ...d.resolved, argsPrefix: [...d.resolved.argsPrefix], env: { ...d.resolved.env } };
    const status = d?.status ?? uncheckedStatus(tool);
    const looked = status.lookedFor.map((l) => `${l.engine} (${l.commands.join(', ')}): ${l.reason}`).join('; ');
    throw new AppError('unavailable', `${tool.name} is not available on this machine. Looked for ${looked}. ${status.install.join(' ')}`, {
      toolId,
      lookedFor: status.lookedFor,
      install: status.install,
    });
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The last detection of this exact definition, if any. */
  private current(tool: ToolDef): Detection | undefined {
    const d = this.detections.get(tool.id);
    return d && JSON.stringify(d.status.tool) === JSON.stringify(tool) ? d : undefined;
  }

  private async searchPath(platform: NodeJS.Platform): Promise<string> {
    const base = this.opts.envPath ?? process.env.PATH ?? '';
    const extra = this.opts.loginShellPath
      ? await this.opts.loginShellPath()
      : platform === 'darwin'
        ? await loginShellPath()
        : undefined;
    if (!extra) return base;
    return joinPath(splitPath(`${base}${platform === 'win32' ? ';' : ':'}${extra}`, platform), platform);
  }

  private async scan(only?: readonly string[]): Promise<ToolStatus[]> {
    const platform = this.opts.platform ?? process.platform;
    const settings = this.opts.settings();
    const tools = only ? this.tools().filter((t) => only.includes(t.id)) : this.tools();
    const searchPath = await this.searchPath(platform);
    const base: Omit<DetectContext, 'explicitPath'> = {
      searchPath,
      processPath: process.env.PATH ?? '',
      platform,
      probeTimeoutMs: this.opts.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
      bundled: this.opts.bundled,
      nodeRuntime: this.opts.nodeRuntime,
      probeWrap: settings.sandbox ? this.opts.probeWrap : undefined,
      versionCache: this.opts.versionCache,
      ...(this.opts.pathExt ?? process.env.PATHEXT ? { pathExt: this.opts.pathExt ?? process.env.PATHEXT } : {}),
    };
    // Every tool at once by default (`hapyy tools` waits for the slowest probe, not the sum of four-at-a-time rounds).
    const queue = new PQueue({ concurrency: this.opts.concurrency ?? Math.max(1, tools.length) });
    const results = await Promise.all(
      tools.map((tool) =>
        queue.add(async (): Promise<Detection> => {
          const explicitPath = settings.enginePaths[tool.id];
          try {
            return await detectTool(tool, explicitPath ? { ...base, explicitPath } : base);
          } catch (e) {
            // One tool's surprise (an I/O error, say) must not hide the others.
            const status = uncheckedStatus(tool);
            const reason = `detection failed: ${e instanceof Error ? e.message : String(e)}`;
            return { status: { ...status, lookedFor: status.lookedFor.map((l) => ({ ...l, reason })) }, resolved: null };
          }
        }),
      ),
    );
    if (only) {
      for (const d of results) this.detections.set(d.status.tool.id, d);
      return results.map((d) => d.status);
    }
    this.detections = new Map(results.map((d) => [d.status.tool.id, d]));
    const list = results.map((d) => d.status);
    const sig = signature(list);
    if (sig !== this.lastSignature) {
      this.lastSignature = sig;
      for (const listener of [...this.listeners]) {
        try {
          listener(list);
        } catch {
          // a listener's failure is its own; detection stands
        }
      }
    }
    return list;
  }
}
