/** Swedish: timeline lines, written from the facts the server stores. */
import type { timeline as reference } from '../en/timeline.js';

export const timeline: Record<keyof typeof reference, string> = {
  'timeline.took': '{actor} tog den här konversationen',
  'timeline.assigned': '{actor} tilldelade den här konversationen till {to}',
  'timeline.unassigned': '{actor} tog bort tilldelningen av den här konversationen',
  'timeline.team': '{actor} tilldelade den här konversationen till teamet {team}',
  'timeline.team_removed': '{actor} tog bort teamet',
  'timeline.closed': '{actor} stängde den här konversationen',
  'timeline.reopened': '{actor} öppnade den här konversationen igen',
  'timeline.folder.trash': '{actor} flyttade den här konversationen till papperskorgen',
  'timeline.folder.restore': '{actor} återställde den här konversationen från papperskorgen',
  'timeline.folder.spam': '{actor} markerade den här konversationen som skräppost',
  'timeline.folder.not-spam': '{actor} markerade den här konversationen som inte skräppost',
  'timeline.folder.release': '{actor} flyttade den här konversationen från Filtrerade till inkorgen',
};
