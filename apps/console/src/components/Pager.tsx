interface Props {
  label: string;
  pageNumber: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious(): void;
  onNext(): void;
  previousText?: string;
  nextText?: string;
}

export function Pager({
  label,
  pageNumber,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  previousText = 'Previous',
  nextText = 'Next',
}: Props) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" onClick={onPrevious} disabled={!hasPrevious}>
        ← {previousText}
      </button>
      <span aria-live="polite">Page {pageNumber}</span>
      <button type="button" onClick={onNext} disabled={!hasNext}>
        {nextText} →
      </button>
    </nav>
  );
}
