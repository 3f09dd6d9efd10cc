/** English (the reference): timeline lines, written from the facts the server stores. */
export const timeline = {
  'timeline.took': '{actor} took this conversation',
  'timeline.assigned': '{actor} assigned this conversation to {to}',
  'timeline.unassigned': '{actor} unassigned this conversation',
  'timeline.team': '{actor} assigned this conversation to team {team}',
  'timeline.team_removed': '{actor} removed the team',
  'timeline.closed': '{actor} closed this conversation',
  'timeline.reopened': '{actor} reopened this conversation',
  'timeline.folder.trash': '{actor} moved this conversation to Trash',
  'timeline.folder.restore': '{actor} restored this conversation from Trash',
  'timeline.folder.spam': '{actor} marked this conversation as spam',
  'timeline.folder.not-spam': '{actor} marked this conversation as not spam',
  'timeline.folder.release': '{actor} moved this conversation from Filtered to the inbox',
};
