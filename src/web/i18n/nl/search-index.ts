/** Dutch: zoeken terwijl de zoekindex opnieuw wordt opgebouwd, en de melding voor beheerders. */
import type { searchIndex as en } from '../en/search-index.js';

export const searchIndex: Record<keyof typeof en, string> = {
  'searchIndex.partial': 'De zoekindex wordt nog opgebouwd ({percent}%): de resultaten zijn misschien niet volledig.',
  'searchIndex.building': 'Zoekindex wordt opnieuw opgebouwd',
  'searchIndex.percent': '{percent}%',
  'searchIndex.detail':
    '{done, plural, other {#}} van {total, plural, one {# gesprek} other {# gesprekken}} geïndexeerd. Tot de index klaar is, kan zoeken de rest missen.',
  'searchIndex.done': 'Zoekindex opnieuw opgebouwd',
};
