/** The business hours dialog's parts: a row per weekday (open or closed, its from–to spans) and the holidays. */
import { useHoursT } from './texts.js';
import { DEFAULT_SPAN, type DayRow, type Span } from './hours-form.js';

/** The weekday's name in the reader's language, capitalised for a label (Sunday is 0). */
export function weekdayName(locale: string, day: number): string {
  const name = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2023, 0, 1 + day));
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

export function DayRowFields(props: { row: DayRow; onChange(row: DayRow): void; errors: Record<string, string> }) {
  const { ht, locale } = useHoursT();
  const { row, onChange } = props;
  const day = weekdayName(locale, row.day);
  const setSpan = (k: number, s: Partial<Span>) => onChange({ ...row, spans: row.spans.map((x, i) => (i === k ? { ...x, ...s } : x)) });
  const numbered = (label: string, k: number) => (row.spans.length > 1 ? `${label} (${k + 1})` : label);
  return (
    <li className="bh-day" data-day={row.day}>
      <label className="inline bh-day-name">
        <input type="checkbox" checked={row.open} onChange={(e) => onChange({ ...row, open: e.target.checked })} />
        {day}
      </label>
      {row.open ? (
        <div className="bh-spans">
          {row.spans.map((s, k) => {
            const error = props.errors[`week.${row.day}.${k}`];
            const errId = `bh-err-${row.day}-${k}`;
            const described = error ? { 'aria-invalid': true, 'aria-describedby': errId } : {};
            return (
              <div className="bh-span" key={k}>
                <input
                  type="time"
                  required
                  aria-label={numbered(ht('businessHours.opens', { day }), k)}
                  value={s.from}
                  onChange={(e) => setSpan(k, { from: e.target.value })}
                  {...described}
                />
                <span aria-hidden="true">–</span>
                <input
                  type="time"
                  required
                  aria-label={numbered(ht('businessHours.closes', { day }), k)}
                  value={s.to}
                  onChange={(e) => setSpan(k, { to: e.target.value })}
                  {...described}
                />
                {row.spans.length > 1 && (
                  <button
                    type="button"
                    className="btn small"
                    aria-label={numbered(ht('businessHours.removeSpan', { day }), k)}
                    onClick={() => onChange({ ...row, spans: row.spans.filter((_, i) => i !== k) })}
                  >
                    ×
                  </button>
                )}
                {error && (
                  <small className="field-error" id={errId} role="alert">
                    {error}
                  </small>
                )}
              </div>
            );
          })}
          <button
            type="button"
            className="btn small bh-add-span"
            aria-label={ht('businessHours.addSpanNamed', { day })}
            onClick={() => {
              const last = row.spans.at(-1);
              onChange({ ...row, spans: [...row.spans, last ? { from: last.to, to: '00:00' } : { ...DEFAULT_SPAN }] });
            }}
          >
            + {ht('businessHours.addSpan')}
          </button>
        </div>
      ) : (
        <span className="muted bh-closed">{ht('businessHours.closed')}</span>
      )}
    </li>
  );
}

export function HolidayFields(props: { holidays: string[]; onChange(holidays: string[]): void; errors: Record<string, string> }) {
  const { ht } = useHoursT();
  const { holidays, onChange } = props;
  return (
    <fieldset className="bh-holidays">
      <legend>{ht('businessHours.holidays')}</legend>
      <p className="muted small">{ht('businessHours.holidaysHint')}</p>
      {holidays.length > 0 && (
        <ul className="bh-holiday-list">
          {holidays.map((d, i) => {
            const error = props.errors[`holiday.${i}`];
            const label = ht('businessHours.holidayN', { n: i + 1 });
            return (
              <li key={i} className="bh-holiday">
                <input
                  type="date"
                  aria-label={label}
                  value={d}
                  onChange={(e) => onChange(holidays.map((x, j) => (j === i ? e.target.value : x)))}
                  aria-invalid={error ? true : undefined}
                />
                <button
                  type="button"
                  className="btn small"
                  aria-label={ht('businessHours.removeHoliday', { n: i + 1 })}
                  onClick={() => onChange(holidays.filter((_, j) => j !== i))}
                >
                  {ht('businessHours.remove')}
                </button>
                {error && (
                  <small className="field-error" role="alert">
                    {error}
                  </small>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" className="btn small" onClick={() => onChange([...holidays, ''])}>
        + {ht('businessHours.addHoliday')}
      </button>
    </fieldset>
  );
}
