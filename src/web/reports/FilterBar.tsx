/**
 * The report filters (they live in the address): the period (a preset, or the two days typed in), inbox,
 * channel, team, agent (admins: agents see only their own figures), which clock the durations run on,
 * and the volume's interval. Wraps onto more lines on a narrow screen.
 */
import type { ChannelKind } from '../../common/api.js';
import type { ReportName } from '../../common/report-api.js';
import { useReportT, type ReportKey } from './texts.js';
import { channelLabel } from '../inbox/Filters.js';
import { channelList } from '../state/route.js';
import { useSession } from '../state/session.js';
import { InboxSelect } from '../ui/InboxSelect.js';
import { UserOptions } from '../ui/UserOptions.js';
import {
  daysBetween,
  HOURLY_MAX_DAYS,
  intervalFor,
  intervals,
  rangePresets,
  type Interval,
  type RangePreset,
  type ReportFilters,
} from './filters.js';

export const presetLabel: Record<RangePreset, ReportKey> = {
  today: 'reports.range.today',
  last7: 'reports.range.last7',
  last30: 'reports.range.last30',
  thisMonth: 'reports.range.thisMonth',
  lastMonth: 'reports.range.lastMonth',
  last12Months: 'reports.range.last12Months',
  custom: 'reports.range.custom',
};
const intervalLabel: Record<Interval, ReportKey> = {
  hour: 'reports.interval.hour',
  day: 'reports.interval.day',
  week: 'reports.interval.week',
};

export function FilterBar(props: {
  report: ReportName;
  filters: ReportFilters;
  /** The days the filters cover now. */
  range: { from: string; to: string };
  today: string;
  onChange(patch: Partial<ReportFilters>): void;
  onReset?: () => void;
}) {
  const { t } = useReportT();
  const { teams, isAdmin } = useSession();
  const { filters: f, range, onChange } = props;
  const hasDurations = props.report === 'agents' || props.report === 'response-times';
  const interval = intervalFor(f, range);
  const setDay = (which: 'from' | 'to', value: string) => {
    if (!value) return;
    onChange({ range: 'custom', ...range, [which]: value });
  };
  // "Custom" keeps the days shown, to be changed in the two day fields.
  const choosePreset = (p: RangePreset) => onChange(p === 'custom' ? { range: p, ...range } : { range: p, from: undefined, to: undefined });

  return (
    <div className="report-filters" role="search" aria-label={t('reports.filters')}>
      <label>
        {t('reports.range')}
        <select value={f.range} onChange={(e) => choosePreset(e.target.value as RangePreset)}>
          {rangePresets.map((p) => (
            <option key={p} value={p}>
              {t(presetLabel[p])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('reports.from')}
        <input type="date" value={range.from} max={range.to} onChange={(e) => setDay('from', e.target.value)} />
      </label>
      <label>
        {t('reports.to')}
        <input type="date" value={range.to} min={range.from} max={props.today} onChange={(e) => setDay('to', e.target.value)} />
      </label>
      <label>
        {t('reports.inbox')}
        <InboxSelect value={f.inboxId ?? ''} allInboxes={t('reports.all')} onChange={(id) => onChange({ inboxId: id || undefined })} />
      </label>
      <label>
        {t('reports.channel')}
        <select value={f.channel ?? ''} onChange={(e) => onChange({ channel: (e.target.value || undefined) as ChannelKind | undefined })}>
          <option value="">{t('reports.all')}</option>
          {channelList.map((c) => (
            <option key={c} value={c}>
              {t(channelLabel[c])}
            </option>
          ))}
        </select>
      </label>
      {teams.length > 0 && (
        <label>
          {t('reports.team')}
          <select value={f.teamId ?? ''} onChange={(e) => onChange({ teamId: e.target.value || undefined })}>
            <option value="">{t('reports.all')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {isAdmin && (
        <label>
          {t('reports.agent')}
          <select value={f.userId ?? ''} onChange={(e) => onChange({ userId: e.target.value || undefined })}>
            <option value="">{t('reports.everyone')}</option>
            <UserOptions />
          </select>
        </label>
      )}
      {props.report === 'volume' && (
        <label>
          {t('reports.interval')}
          <select value={interval} onChange={(e) => onChange({ interval: e.target.value as Interval })}>
            {intervals.map((i) => (
              <option key={i} value={i} disabled={i === 'hour' && daysBetween(range.from, range.to) > HOURLY_MAX_DAYS}>
                {t(intervalLabel[i])}
              </option>
            ))}
          </select>
        </label>
      )}
      {hasDurations && (
        <fieldset className="segmented">
          <legend>{t('reports.time')}</legend>
          {(['calendar', 'business'] as const).map((b) => (
            <label key={b} className={f.time === b ? 'on' : undefined}>
              <input type="radio" name="report-time" value={b} checked={f.time === b} onChange={() => onChange({ time: b })} />
              {t(b === 'calendar' ? 'reports.time.calendar' : 'reports.time.business')}
            </label>
          ))}
        </fieldset>
      )}
      {props.onReset && (
        <button type="button" className="btn small report-reset" onClick={props.onReset}>
          {t('reports.reset')}
        </button>
      )}
    </div>
  );
}
