/**
 * A "?" beside a figure's name: a button (reached by Tab, opened by Enter, a click or a tap) that shows
 * what the figure means in a small popover; Escape or a click elsewhere closes it.
 */
import * as Popover from '@radix-ui/react-popover';
import { useReportT } from './texts.js';

export function HelpTip({ term, text }: { term: string; text: string }) {
  const { t } = useReportT();
  return (
    <Popover.Root>
      <Popover.Trigger className="help-tip" aria-label={t('reports.help', { term })}>
        ?
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="help-tip-text" side="top" sideOffset={4} collisionPadding={8}>
          <strong>{term}</strong> {text}
          <Popover.Arrow className="help-tip-arrow" width={10} height={5} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
