/** The error (or main's problem) shown beside a field, linked to it by id for screen readers. */
export function FieldMessage({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <span className="field-error" id={id} data-testid="field-error">
      {messages.join(' ')}
    </span>
  );
}
