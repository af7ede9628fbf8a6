import { formatBytes, formatCount } from '../../../shared/format';
import { LANGUAGES } from '../../../shared/languages';
import type { ProjectSummary } from '../../../shared/projects';
import { Icon } from '../../components/Icon';
import { SKIP_REASONS } from './skip-reasons';

const KIND_LABELS: Record<ProjectSummary['kind'], string> = { folder: 'Folder', file: 'File', zip: 'Zip archive', example: 'Example' };

/** The intake summary: what Hapyy found in the project, and what it left out and why. */
export function ProjectSummaryCard({ project }: { project: ProjectSummary }) {
  const languages = [...project.languages].sort((a, b) => b.files - a.files);
  return (
    <section className="project-card" data-testid="project-summary" aria-label={`Project ${project.name}`}>
      <div className="project-head">
        <Icon name={project.kind === 'example' ? 'star' : 'folder'} className="project-icon" />
        <div className="project-title">
          <h3 className="project-name" title={project.name}>
            {project.name}
          </h3>
          <span className="project-source mono" title={project.source}>
            {KIND_LABELS[project.kind]} · {project.source}
          </span>
        </div>
      </div>
      <dl className="stats">
        <div>
          <dt>Files</dt>
          <dd data-testid="project-files">{formatCount(project.files)}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(project.bytes)}</dd>
        </div>
      </dl>
      {languages.length > 0 ? (
        <ul className="chips" aria-label="Languages">
          {languages.map((l) => (
            <li key={l.id} className="chip">
              {LANGUAGES[l.id].name} <span className="chip-count">{formatCount(l.files)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No source files in a language Hapyy knows.</p>
      )}
      {project.warnings.length > 0 ? (
        <ul className="warnings" aria-label="Warnings">
          {project.warnings.map((w) => (
            <li key={w}>
              <Icon name="warning" className="warn-icon" />
              <span>{w}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {project.skipped.length > 0 ? (
        <details className="disclosure">
          <summary>
            {formatCount(project.skipped.length)} {project.skipped.length === 1 ? 'item' : 'items'} left out
          </summary>
          <ul className="plain-list small">
            {project.skipped.slice(0, 200).map((s) => (
              <li key={`${s.path}:${s.reason}`}>
                <span className="mono">{s.path}</span> — {SKIP_REASONS[s.reason]}
              </li>
            ))}
            {project.skipped.length > 200 ? <li className="muted">…and {formatCount(project.skipped.length - 200)} more</li> : null}
          </ul>
        </details>
      ) : null}
      {project.nonPortableNames.length > 0 ? (
        <details className="disclosure">
          <summary>
            {formatCount(project.nonPortableNames.length)} {project.nonPortableNames.length === 1 ? 'name' : 'names'} may not work on other systems
          </summary>
          <ul className="plain-list small">
            {project.nonPortableNames.slice(0, 200).map((n) => (
              <li key={n} className="mono">
                {n}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
