/** Where a stored message's files are served: the one spelling of each URL, for the server and the agent app. */

const ATTACHMENTS = '/api/v1/attachments/';

/** An inline (cid:) image of a stored message, as the message's HTML points at it. */
export const inlineAttachmentUrl = (id: string) => `${ATTACHMENTS}${id}/inline`;

/** An attachment as a download. */
export const attachmentDownloadUrl = (id: string) => `${ATTACHMENTS}${encodeURIComponent(id)}`;

/** Every `src="<inline attachment URL>"` in the HTML, replaced by what `to` returns for its attachment id. */
export const mapInlineImageSrcs = (html: string, to: (id: string, src: string) => string) =>
  html.replace(/src="\/api\/v1\/attachments\/([A-Za-z0-9_-]{1,64})\/inline"/g, (src, id: string) => to(id, src));
