import { useAppState } from '../../app/app-state';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { DropZone } from './DropZone';
import { OpenFolderButton } from './OpenFolderButton';
import { useProjectLoader } from './project-loader';
import { ProjectSummaryCard } from './ProjectSummaryCard';
import { RecentProjects } from './RecentProjects';
import { ScanProgress } from './ScanProgress';

/** The sidebar's first section: bring a project in, see what it holds, or reopen a recent one. */
export function ProjectPanel() {
  const { project } = useAppState();
  const loader = useProjectLoader();
  return (
    <section className="side-section" aria-labelledby="project-heading">
      <h2 className="side-heading" id="project-heading">
        Project
      </h2>
      <DropZone compact={project !== null}>
        {project ? (
          <>
            <ProjectSummaryCard project={project} />
            <div className="row-actions">
              <OpenFolderButton label="Open another…" />
              <span className="muted small">or drop one here</span>
            </div>
          </>
        ) : (
          <div className="drop-prompt">
            <Icon name="download" className="drop-icon" />
            <p className="drop-title">Drop a folder, file or .zip</p>
            <p className="muted small">Hapyy works on a private copy; your files are never changed.</p>
            <OpenFolderButton primary />
          </div>
        )}
      </DropZone>
      {loader.scan ? <ScanProgress scan={loader.scan} onCancel={loader.cancel} /> : null}
      {loader.error ? <ErrorNotice error={loader.error} title="The project could not be opened" testId="project-error" /> : null}
      {project ? (
        <details className="disclosure recent">
          <summary>Recent projects</summary>
          <RecentProjects refreshKey={project.projectId} />
        </details>
      ) : (
        <div className="recent">
          <h3 className="sub-heading">Recent</h3>
          <RecentProjects refreshKey="" />
        </div>
      )}
    </section>
  );
}
