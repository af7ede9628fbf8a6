import { useAppState } from '../../app/app-state';
import { Icon } from '../../components/Icon';
import { ToolExamples } from '../tools/ToolExamples';

/** The empty main area: the three steps, each ticked off as it is done. */
export function Welcome() {
  const { project, toolId } = useAppState();
  const steps = [
    { done: project !== null, text: 'Open a project: drop a folder, file or .zip on the left, or choose Open folder…' },
    { done: toolId !== null, text: 'Pick a tool. Tools that fit your project are marked Suggested; each has examples to try.' },
    { done: false, text: 'Press Run (Ctrl+Enter). Output streams in live; problems and files follow.' },
  ];
  return (
    <div className="welcome" data-testid="welcome">
      <h2 className="welcome-title">Run a tool on your project</h2>
      <ol className="steps">
        {steps.map((s, i) => (
          <li key={s.text} className={s.done ? 'step-done' : undefined}>
            <span className="step-mark" aria-hidden="true">
              {s.done ? <Icon name="check" /> : i + 1}
            </span>
            <span>
              {s.text}
              {s.done ? <span className="visually-hidden"> (done)</span> : null}
            </span>
          </li>
        ))}
      </ol>
      <h3 className="sub-heading welcome-examples">Or try an example</h3>
      <ToolExamples testIdPrefix="welcome-example" />
    </div>
  );
}
