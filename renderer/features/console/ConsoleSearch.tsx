import type { KeyboardEvent, Ref } from 'react';
import { formatCount } from '../../../shared/format';
import { Icon } from '../../components/Icon';

interface Props {
  query: string;
  onQuery: (q: string) => void;
  count: number;
  current: number;
  onStep: (delta: 1 | -1) => void;
  inputRef?: Ref<HTMLInputElement>;
}

/** Find in output: Enter / Shift+Enter step through matching lines, Escape clears. */
export function ConsoleSearch({ query, onQuery, count, current, onStep, inputRef }: Props) {
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onStep(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      onQuery('');
    }
  };
  return (
    <div className="console-search" role="search">
      <Icon name="search" className="field-icon" />
      <input
        ref={inputRef}
        type="search"
        className="input input-small"
        placeholder="Find in output"
        aria-label="Find in output"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={onKeyDown}
        data-testid="console-search"
      />
      <span className="search-count" aria-live="polite" data-testid="console-search-count">
        {query ? (count === 0 ? 'No matches' : `${formatCount(current + 1)} of ${formatCount(count)}`) : ''}
      </span>
      <button type="button" className="btn btn-icon" aria-label="Previous match" disabled={count === 0} onClick={() => onStep(-1)} data-testid="console-search-prev">
        <Icon name="up" />
      </button>
      <button type="button" className="btn btn-icon" aria-label="Next match" disabled={count === 0} onClick={() => onStep(1)} data-testid="console-search-next">
        <Icon name="down" />
      </button>
    </div>
  );
}
