/** A quiet placeholder while something loads; announced once through its own status role. */
export function Loading({ label = 'Loading…', testId }: { label?: string; testId?: string }) {
  return (
    <div className="loading" role="status" data-testid={testId ?? 'loading'}>
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
