/** The wizard's steps, one form each: name, audience, pages, welcome, away, routing, sites, review. */
import { useSession } from '../../state/session.js';
import { InboxSelect } from '../../ui/InboxSelect.js';
import { ChatAudience } from './ChatAudience.js';
import { PageRules } from './PageRules.js';
import type { Draft } from './draft.js';
import { useT, type MessageKey } from '../../i18n/index.js';

export const stepKeys = [
  'chat.step.name',
  'chat.step.audience',
  'chat.step.pages',
  'chat.step.welcome',
  'chat.step.away',
  'chat.step.routing',
  'chat.step.sites',
  'chat.step.review',
] as const satisfies readonly MessageKey[];

export function ChatWizardStep({ step, d, set, editing }: { step: number; d: Draft; set(p: Partial<Draft>): void; editing: boolean }) {
  const t = useT();
  const { users, teams } = useSession();
  const id = (s: string) => `chat-wiz-${s}`;
  switch (step) {
    case 0:
      return (
        <>
          <div className="field">
            <label htmlFor={id('name')}>{t('chat.channelName')}</label>
            <input id={id('name')} value={d.name} onChange={(e) => set({ name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={id('inbox')}>{t('chat.inbox')}</label>
            {/* A channel stays in its inbox: the inbox is chosen when it is created. */}
            <InboxSelect id={id('inbox')} value={d.inboxId} disabled={editing} onChange={(inboxId) => set({ inboxId })} />
          </div>
          <div className="field">
            <label htmlFor={id('color')}>{t('chat.colour')}</label>
            <input id={id('color')} type="color" value={d.color} onChange={(e) => set({ color: e.target.value })} />
          </div>
        </>
      );
    case 1:
      return <ChatAudience d={d} set={set} />;
    case 2:
      return <PageRules legend={t('chat.pages')} rules={d.targeting} onChange={(targeting) => set({ targeting })} />;
    case 3:
      return (
        <>
          <div className="field">
            <label htmlFor={id('welcome')}>{t('chat.welcome')}</label>
            <textarea id={id('welcome')} value={d.welcome} maxLength={500} onChange={(e) => set({ welcome: e.target.value })} />
          </div>
          <label className="inline">
            <input type="checkbox" checked={d.openByDefault} onChange={(e) => set({ openByDefault: e.target.checked })} />{' '}
            {t('chat.openByDefault')}
          </label>
        </>
      );
    case 4:
      return (
        <div className="field">
          <label htmlFor={id('away')}>{t('chat.away')}</label>
          <textarea id={id('away')} value={d.awayMessage} maxLength={500} onChange={(e) => set({ awayMessage: e.target.value })} />
        </div>
      );
    case 5:
      return (
        <fieldset>
          <legend>{t('chat.routing')}</legend>
          <label className="inline">
            <input type="radio" name="routing" checked={d.routing === 'unassigned'} onChange={() => set({ routing: 'unassigned' })} />{' '}
            {t('chat.routing.unassigned')}
          </label>
          <label className="inline">
            <input type="radio" name="routing" checked={d.routing === 'specific'} onChange={() => set({ routing: 'specific' })} />{' '}
            {t('chat.routing.specific')}
          </label>
          {d.routing === 'contact_owner' && (
            <label className="inline">
              <input type="radio" name="routing" checked readOnly /> {t('chat.routing.contactOwner')}
            </label>
          )}
          {d.routing === 'specific' && (
            <div style={{ maxHeight: 160, overflow: 'auto', paddingLeft: '1.2rem' }}>
              {teams.map((x) => (
                <label className="inline" key={x.id}>
                  <input
                    type="checkbox"
                    checked={d.teamIds.includes(x.id)}
                    onChange={(e) => set({ teamIds: e.target.checked ? [...d.teamIds, x.id] : d.teamIds.filter((y) => y !== x.id) })}
                  />{' '}
                  {t('chat.team', { name: x.name })}
                </label>
              ))}
              {users.map((x) => (
                <label className="inline" key={x.id}>
                  <input
                    type="checkbox"
                    checked={d.userIds.includes(x.id)}
                    onChange={(e) => set({ userIds: e.target.checked ? [...d.userIds, x.id] : d.userIds.filter((y) => y !== x.id) })}
                  />{' '}
                  {x.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
      );
    case 6:
      return (
        <div className="field">
          <label htmlFor={id('origins')}>{t('chat.sites')}</label>
          <textarea id={id('origins')} value={d.allowedOrigins} onChange={(e) => set({ allowedOrigins: e.target.value })} />
        </div>
      );
    default:
      return <Review d={d} />;
  }
}

function Review({ d }: { d: Draft }) {
  const t = useT();
  const { inboxes, users, teams } = useSession();
  const routing =
    d.routing === 'unassigned'
      ? t('chat.routing.unassigned')
      : d.routing === 'contact_owner'
        ? t('chat.routing.contactOwner')
        : [
            ...teams.filter((x) => d.teamIds.includes(x.id)).map((x) => t('chat.team', { name: x.name })),
            ...users.filter((x) => d.userIds.includes(x.id)).map((x) => x.name),
          ].join(', ') || t('chat.review.nobody');
  return (
    <dl>
      <dt>{t('chat.name')}</dt>
      <dd>{d.name}</dd>
      <dt>{t('chat.inbox')}</dt>
      <dd>{inboxes.find((i) => i.id === d.inboxId)?.name}</dd>
      <dt>{t('chat.step.audience')}</dt>
      <dd>
        {t(`chat.audience.${d.audience}`)}
        {d.audience === 'property' && (
          <>
            {': '}
            {t('chat.review.property', { property: d.propertyKey, value: d.propertyValue })}
          </>
        )}
      </dd>
      <dt>{t('chat.review.pages')}</dt>
      <dd>
        {d.targeting.length
          ? d.targeting.map((r) => t('chat.review.rule', { op: t(`chat.op.${r.op}`), value: r.value })).join(t('chat.review.or'))
          : t('chat.review.everyPage')}
      </dd>
      <dt>{t('chat.step.routing')}</dt>
      <dd>{routing}</dd>
      <dt>{t('chat.review.sites')}</dt>
      <dd>{d.allowedOrigins.trim() || t('chat.review.anySite')}</dd>
    </dl>
  );
}
