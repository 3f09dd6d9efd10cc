/** When a flow starts (always, nobody available, someone available; inside or outside opening hours; on some pages), and the hours' own fields. */
import type { ChatflowTrigger, Hours } from '../../../common/chatflow.js';
import { useI18n } from '../../i18n/index.js';
import { Field } from '../../ui/Field.js';
import { PageRules } from '../chat/PageRules.js';

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
export const defaultHours = (): Hours => ({ timeZone: localZone(), days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' });

/** Time zone, days (Sunday is 0), from and to. */
export function HoursFields({ hours, onChange, errors = {} }: { hours: Hours; onChange(h: Hours): void; errors?: Record<string, string> }) {
  const { t, locale } = useI18n();
  const dayName = (d: number) => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2023, 0, 1 + d));
  const toggle = (d: number) =>
    onChange({ ...hours, days: hours.days.includes(d) ? hours.days.filter((x) => x !== d) : [...hours.days, d].sort() });
  return (
    <div className="chatflow-hours">
      <Field label={t('chatflows.hours.timeZone')} error={errors.timeZone}>
        <input value={hours.timeZone} onChange={(e) => onChange({ ...hours, timeZone: e.target.value })} />
      </Field>
      <fieldset className="chatflow-days">
        <legend>{t('chatflows.hours.days')}</legend>
        {[1, 2, 3, 4, 5, 6, 0].map((d) => (
          <label key={d}>
            <input type="checkbox" checked={hours.days.includes(d)} onChange={() => toggle(d)} />
            {dayName(d)}
          </label>
        ))}
      </fieldset>
      <Field label={t('chatflows.hours.from')} error={errors.from}>
        <input type="time" value={hours.from} onChange={(e) => onChange({ ...hours, from: e.target.value })} />
      </Field>
      <Field label={t('chatflows.hours.to')} error={errors.to}>
        <input type="time" value={hours.to} onChange={(e) => onChange({ ...hours, to: e.target.value })} />
      </Field>
    </div>
  );
}

export function TriggerFields(props: { trigger: ChatflowTrigger; pages: boolean; onChange(t: ChatflowTrigger): void }) {
  const { trigger, onChange } = props;
  const { t } = useI18n();
  return (
    <fieldset className="chatflow-trigger">
      <legend>{t('chatflows.trigger')}</legend>
      <Field label={t('chatflows.trigger.when')}>
        <select value={trigger.when} onChange={(e) => onChange({ ...trigger, when: e.target.value as ChatflowTrigger['when'] })}>
          <option value="always">{t('chatflows.trigger.always')}</option>
          <option value="nobody_available">{t('chatflows.trigger.nobody_available')}</option>
          <option value="anyone_available">{t('chatflows.trigger.anyone_available')}</option>
        </select>
      </Field>
      <Field label={t('chatflows.trigger.hours')}>
        <select
          value={trigger.hours?.match ?? ''}
          onChange={(e) => {
            const match = e.target.value as 'inside' | 'outside' | '';
            onChange({ ...trigger, hours: match ? { ...(trigger.hours ?? defaultHours()), match } : undefined });
          }}
        >
          <option value="">{t('chatflows.trigger.anyTime')}</option>
          <option value="inside">{t('chatflows.trigger.inside')}</option>
          <option value="outside">{t('chatflows.trigger.outside')}</option>
        </select>
      </Field>
      {trigger.hours && (
        <HoursFields hours={trigger.hours} onChange={(h) => onChange({ ...trigger, hours: { ...h, match: trigger.hours!.match } })} />
      )}
      {props.pages && (
        <PageRules legend={t('chatflows.trigger.pages')} rules={trigger.pages} onChange={(pages) => onChange({ ...trigger, pages })} />
      )}
    </fieldset>
  );
}
