/**
 * The conversations behind a figure (`/api/v1/reports/facts`), newest first, a page at a time with
 * "Load more"; each row links to its conversation.
 */
import type { ReportFactOut } from '../../common/report-api.js';
import { formatDateTime } from '../i18n/index.js';
import { useReportT } from './texts.js';
import { channelLabel } from '../inbox/Filters.js';
import { formatRoute, linkHandler } from '../state/route.js';
import { Modal } from '../ui/Modal.js';
import { formatDuration } from './durations.js';
import type { TimeBasis } from './filters.js';
import { useReportFacts, type FactsQuery } from './queries.js';

export interface Drill {
  title: string;
  query: FactsQuery;
}

/** Kinds whose facts carry a duration worth a column. */
const timed = new Set<ReportFactOut['kind']>(['first_response', 'reply', 'closed']);

export function DrillDialog(props: { drill: Drill; basis: TimeBasis; onClose(): void }) {
  const { t, locale } = useReportT();
  const facts = useReportFacts(props.drill.query);
  const items = facts.data?.pages.flatMap((p) => p.items) ?? [];
  const showTime = timed.has(props.drill.query.kind);

  return (
    <Modal title={props.drill.title} onClose={props.onClose} wide>
      <div className="drill">
        {facts.isPending ? (
          <p className="muted" role="status" aria-busy="true">
            {t('reports.loading')}
          </p>
        ) : facts.isError ? (
          <div role="alert" className="report-error">
            <p>{t('reports.drill.error')}</p>
            <button type="button" className="btn small" onClick={() => void facts.refetch()}>
              {t('reports.retry')}
            </button>
          </div>
        ) : !items.length ? (
          <p className="muted" role="status">
            {t('reports.drill.none')}
          </p>
        ) : (
          <>
            <div className="report-table-box" role="region" aria-label={props.drill.title} tabIndex={0}>
              <table className="table report-table drill-table">
                <thead>
                  <tr>
                    <th scope="col">{t('reports.drill.when')}</th>
                    <th scope="col">{t('reports.drill.conversation')}</th>
                    <th scope="col">{t('reports.col.channel')}</th>
                    {showTime && (
                      <th scope="col" className="num">
                        {t('reports.drill.time')}
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((f, i) => {
                    const href = formatRoute({ page: 'inbox', inboxId: f.inboxId, view: 'all', convId: f.conversationId, filters: {} });
                    const seconds = props.basis === 'business' ? f.businessSeconds : f.seconds;
                    return (
                      <tr key={`${f.conversationId}-${f.at}-${i}`}>
                        <td className="nowrap">{formatDateTime(f.at, locale)}</td>
                        <td>
                          <a href={href} onClick={linkHandler(href)} className="drill-link">
                            {f.subject || f.contactName || t('reports.drill.untitled')}
                          </a>
                          {f.subject && f.contactName && <span className="muted drill-contact">{f.contactName}</span>}
                        </td>
                        <td>{t(channelLabel[f.channel])}</td>
                        {showTime && <td className="num">{formatDuration(seconds, t, locale)}</td>}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="drill-foot">
              <span className="muted" role="status">
                {t('reports.drill.shown', { n: items.length })}
              </span>
              {facts.hasNextPage && (
                <button
                  type="button"
                  className="btn small"
                  disabled={facts.isFetchingNextPage}
                  onClick={() => void facts.fetchNextPage({ cancelRefetch: false })}
                >
                  {facts.isFetchingNextPage ? t('reports.loading') : t('reports.drill.more')}
                </button>
              )}
            </p>
          </>
        )}
      </div>
    </Modal>
  );
}
