/**
 * A report's table: a titled section with its CSV download, the table scrolling sideways inside its own
 * box (never the page), figures grouped under two header rows ("First response" over median, p90,
 * average), and the cells that show counts (a count opens the conversations behind it) and durations.
 */
import { useId, type ReactNode } from 'react';
import type { DurationStats } from '../../common/report-api.js';
import { useReportT } from './texts.js';
import { formatDuration, formatNumber } from './durations.js';
import { HelpTip } from './HelpTip.js';

export interface Column {
  label: string;
  help?: string;
  numeric?: boolean;
}
/** Columns under one name; without a name, one column whose header spans both rows. */
export interface ColumnGroup {
  label?: string;
  help?: string;
  columns: Column[];
}

function Head({ label, help }: { label: string; help?: string }) {
  return (
    <span className="th-inner">
      {label}
      {help && <HelpTip term={label} text={help} />}
    </span>
  );
}

export function ReportTable(props: {
  title: string;
  /** A line under the title: what the figures count, which clock. */
  note?: ReactNode;
  /** The CSV download of this table. */
  csv?: ReactNode;
  /** A chart of the figures, above the table. */
  chart?: ReactNode;
  groups: ColumnGroup[];
  children: ReactNode;
}) {
  const id = useId();
  const grouped = props.groups.some((g) => g.label);
  return (
    <section className="report-section" aria-labelledby={`${id}-title`}>
      <header className="report-section-head">
        <h2 id={`${id}-title`}>{props.title}</h2>
        {props.csv}
      </header>
      {props.note && <p className="report-note">{props.note}</p>}
      {props.chart}
      {/* Focusable, so the keyboard can scroll it sideways too. */}
      <div className="report-table-box" role="region" aria-labelledby={`${id}-title`} tabIndex={0}>
        <table className="table report-table">
          <thead>
            <tr>
              {props.groups.map((g, i) =>
                g.label ? (
                  <th key={i} scope="colgroup" colSpan={g.columns.length} className="num group">
                    <Head label={g.label} help={g.help} />
                  </th>
                ) : (
                  g.columns.map((c, j) => (
                    <th key={`${i}-${j}`} scope="col" rowSpan={grouped ? 2 : 1} className={c.numeric ? 'num' : undefined}>
                      <Head label={c.label} help={c.help} />
                    </th>
                  ))
                ),
              )}
            </tr>
            {grouped && (
              <tr>
                {props.groups
                  .filter((g) => g.label)
                  .flatMap((g, i) =>
                    g.columns.map((c, j) => (
                      <th key={`${i}-${j}`} scope="col" className={j === 0 ? 'num group-start' : 'num'}>
                        <Head label={c.label} help={c.help} />
                      </th>
                    )),
                  )}
              </tr>
            )}
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      </div>
    </section>
  );
}

/** A count; when there is something behind it and a way to show it, a button that lists those conversations. */
export function CountCell(props: { n: number; title?: string; onOpen?: () => void; groupStart?: boolean }) {
  const { t, locale } = useReportT();
  const text = formatNumber(props.n, locale);
  return (
    <td className={props.groupStart ? 'num group-start' : 'num'}>
      {props.n > 0 && props.onOpen ? (
        <button
          type="button"
          className="count-btn"
          aria-label={t('reports.drill.open', { what: props.title ?? '', n: props.n })}
          onClick={props.onOpen}
        >
          {text}
        </button>
      ) : (
        text
      )}
    </td>
  );
}

/** Median, p90 and average side by side (optionally how many first: a `CountCell` that starts the group). */
export function StatsCells(props: { stats: DurationStats; count?: ReactNode }) {
  const { t, locale } = useReportT();
  const s = props.stats;
  return (
    <>
      {props.count}
      <td className={props.count ? 'num' : 'num group-start'}>{formatDuration(s.median, t, locale)}</td>
      <td className="num">{formatDuration(s.p90, t, locale)}</td>
      <td className="num">{formatDuration(s.average, t, locale)}</td>
    </>
  );
}

/** The median, p90 and average columns, each with its definition. */
export function useStatColumns(): Column[] {
  const { t } = useReportT();
  return [
    { label: t('reports.stat.median'), help: t('reports.def.median'), numeric: true },
    { label: t('reports.stat.p90'), help: t('reports.def.p90'), numeric: true },
    { label: t('reports.stat.average'), help: t('reports.def.average'), numeric: true },
  ];
}
