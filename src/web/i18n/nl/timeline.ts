/** Dutch: timeline lines, written from the facts the server stores. */
import type { timeline as reference } from '../en/timeline.js';

export const timeline: Record<keyof typeof reference, string> = {
  'timeline.took': '{actor} heeft dit gesprek opgepakt',
  'timeline.assigned': '{actor} heeft dit gesprek toegewezen aan {to}',
  'timeline.unassigned': '{actor} heeft de toewijzing van dit gesprek opgeheven',
  'timeline.team': '{actor} heeft dit gesprek toegewezen aan team {team}',
  'timeline.team_removed': '{actor} heeft het team verwijderd',
  'timeline.closed': '{actor} heeft dit gesprek gesloten',
  'timeline.reopened': '{actor} heeft dit gesprek heropend',
  'timeline.folder.trash': '{actor} heeft dit gesprek naar de prullenbak verplaatst',
  'timeline.folder.restore': '{actor} heeft dit gesprek uit de prullenbak teruggezet',
  'timeline.folder.spam': '{actor} heeft dit gesprek als spam gemarkeerd',
  'timeline.folder.not-spam': '{actor} heeft dit gesprek als geen spam gemarkeerd',
  'timeline.folder.release': '{actor} heeft dit gesprek van Gefilterd naar de inbox verplaatst',
};
