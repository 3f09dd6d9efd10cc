/**
 * Settings › Inboxes › Business hours (admins): always open, or a time zone, the hours of each weekday
 * and holidays. Reports count response and resolution times in these hours.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { InboxOut } from '../../../common/api.js';
import type { BusinessHoursOut } from '../../../common/business-hours.js';
import { api } from '../../api/http.js';
import { useToast } from '../../state/toasts.js';
import { Field } from '../../ui/Field.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { FormError } from '../../ui/FormError.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { badSpans, browserZone, errorsByPlace, formOf, hoursOf, zoneChoices, type HoursForm, type Places } from './hours-form.js';
import { useHoursT } from './texts.js';
import { DayRowFields, HolidayFields } from './WeekFields.js';
import './business-hours.css';

export function BusinessHoursDialog({ inbox, onClose }: { inbox: InboxOut; onClose(): void }) {
  const { t, ht } = useHoursT();
  const toast = useToast();
  const url = `/inboxes/${encodeURIComponent(inbox.id)}/business-hours`;
  const [form, setForm] = useState<HoursForm | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const places = useRef<Places>({ week: [], holidays: [] });
  const { errors, busy, submit } = useFormSave(onClose);

  useEffect(() => {
    void api.get<BusinessHoursOut>(url).then((r) => setForm(formOf(r.hours, browserZone())));
  }, [url]);
  const zones = useMemo(() => zoneChoices(browserZone(), form?.timeZone ?? ''), [form?.timeZone]);

  const save = submit(async () => {
    const body = hoursOf(form!);
    places.current = body.places;
    await api.put<BusinessHoursOut>(url, { hours: body.hours });
    toast(ht('businessHours.saved', { name: inbox.name }));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const bad = badSpans(form);
    setLocal(Object.fromEntries(bad.map((p) => [`week.${p}`, ht('businessHours.closesBeforeOpens')])));
    if (!bad.length) void save();
  };
  const shown = { ...errorsByPlace(errors, places.current), ...local };
  /** A change: the dialog's own complaints go until the next Save checks again. */
  const edit = (f: HoursForm) => {
    setForm(f);
    setLocal({});
  };

  return (
    <FormDialog
      title={ht('businessHours.title', { name: inbox.name })}
      onClose={onClose}
      onSubmit={onSubmit}
      busy={busy || !form}
      wide
      noValidate
    >
      <p className="muted">{ht('businessHours.intro')}</p>
      {!form ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <fieldset className="bh-mode">
            <legend>{ht('businessHours.mode')}</legend>
            {(['always', 'set'] as const).map((mode) => (
              <label className="inline" key={mode}>
                <input type="radio" name="bh-mode" checked={form.mode === mode} onChange={() => edit({ ...form, mode })} />
                {ht(mode === 'always' ? 'businessHours.alwaysOpen' : 'businessHours.setHours')}
              </label>
            ))}
          </fieldset>
          {form.mode === 'set' && (
            <>
              <Field label={ht('businessHours.timeZone')} error={shown.timeZone}>
                <select value={form.timeZone} onChange={(e) => edit({ ...form, timeZone: e.target.value })}>
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z.replaceAll('_', ' ')}
                    </option>
                  ))}
                </select>
              </Field>
              <fieldset className="bh-week">
                <legend>{ht('businessHours.week')}</legend>
                <ul>
                  {form.days.map((row, i) => (
                    <DayRowFields
                      key={row.day}
                      row={row}
                      errors={shown}
                      onChange={(r) => edit({ ...form, days: form.days.map((x, j) => (j === i ? r : x)) })}
                    />
                  ))}
                </ul>
                <p className="muted small">{ht('businessHours.midnightHint')}</p>
              </fieldset>
              <HolidayFields holidays={form.holidays} errors={shown} onChange={(holidays) => edit({ ...form, holidays })} />
            </>
          )}
          <FormError error={shown.general} />
        </>
      )}
    </FormDialog>
  );
}
