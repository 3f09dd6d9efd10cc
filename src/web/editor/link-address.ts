/** What the link prompt accepts: a web or mailto address as typed, an email address, or a bare domain (https assumed). */
export const linkAddress = (url: string): string | null =>
  /^(https?:\/\/|mailto:)/i.test(url)
    ? url
    : /^[\w.+-]+@[\w-]+\.[\w.-]+$/.test(url)
      ? `mailto:${url}`
      : /^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(url)
        ? `https://${url}`
        : null;
