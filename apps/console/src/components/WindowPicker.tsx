import { WINDOWS, type TimeWindow } from '../domain/windows';

/** A segmented choice of time window; a radio group, so arrow keys move between options. */
export function WindowPicker({ value, onChange }: { value: TimeWindow; onChange(window: TimeWindow): void }) {
  return (
    <fieldset className="segmented">
      <legend>Time window</legend>
      {WINDOWS.map((w) => (
        <label key={w.id} className={value === w.id ? 'selected' : ''}>
          <input
            type="radio"
            name="time-window"
            value={w.id}
            checked={value === w.id}
            onChange={() => onChange(w.id)}
          />
          {w.label}
        </label>
      ))}
    </fieldset>
  );
}
