/** Page rules (URL is, is not, contains, starts with): any rule matching the page picks it; none picks every page. */
import { TARGET_OPS, type TargetRule } from '../../../common/chat-contract.js';
import { useT } from '../../i18n/index.js';
import './page-rules.css';

export function PageRules({ legend, rules, onChange }: { legend: string; rules: TargetRule[]; onChange(rules: TargetRule[]): void }) {
  const t = useT();
  const setRule = (i: number, p: Partial<TargetRule>) => onChange(rules.map((x, j) => (j === i ? { ...x, ...p } : x)));
  return (
    <fieldset className="page-rules">
      <legend>{legend}</legend>
      {rules.map((r, i) => (
        <div className="chat-rule" key={i}>
          <select
            aria-label={t('chat.ruleCondition', { n: i + 1 })}
            value={r.op}
            onChange={(e) => setRule(i, { op: e.target.value as TargetRule['op'] })}
          >
            {TARGET_OPS.map((op) => (
              <option key={op} value={op}>
                {t(`chat.op.${op}`)}
              </option>
            ))}
          </select>
          <input aria-label={t('chat.ruleValue', { n: i + 1 })} value={r.value} onChange={(e) => setRule(i, { value: e.target.value })} />
          <button
            type="button"
            className="btn small"
            aria-label={t('chat.ruleRemove', { n: i + 1 })}
            onClick={() => onChange(rules.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="btn small" onClick={() => onChange([...rules, { op: 'contains', value: '' }])}>
        {t('chat.addRule')}
      </button>
    </fieldset>
  );
}
