// A rendered message before it takes a form: subject, a headline, labelled fields, lists and a link. The same
// document becomes plain text, HTML (email) and Telegram's HTML subset, so the three never say different things.

export interface MessageDocument {
  /** One line; the email subject, the Alertmanager summary. */
  subject: string;
  severity: 'critical' | 'warning' | 'ok' | 'info';
  headline: string;
  fields: Array<[label: string, value: string]>;
  lists: Array<{ title: string; items: string[] }>;
  link?: { label: string; url: string } | undefined;
  footer: string;
  language: 'vi' | 'en';
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** Telegram `parse_mode: HTML`. */
  telegram: string;
}

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const COLOURS: Record<MessageDocument['severity'], string> = {
  critical: '#a4161a', warning: '#8a5300', ok: '#1b6e2a', info: '#1f4e79',
};

export function toText(doc: MessageDocument): string {
  const lines = [doc.headline, ''];
  for (const [label, value] of doc.fields) lines.push(`${label}: ${value}`);
  for (const list of doc.lists) {
    lines.push('', `${list.title}:`);
    for (const item of list.items) lines.push(`  - ${item}`);
  }
  if (doc.link) lines.push('', `${doc.link.label}: ${doc.link.url}`);
  lines.push('', doc.footer);
  return `${lines.join('\n')}\n`;
}

export function toHtml(doc: MessageDocument): string {
  const colour = COLOURS[doc.severity];
  const rows = doc.fields.map(([label, value]) =>
    `<tr><th style="text-align:left;vertical-align:top;padding:4px 12px 4px 0;white-space:nowrap">${escape(label)}</th><td style="padding:4px 0">${escape(value)}</td></tr>`).join('');
  const lists = doc.lists.map((list) =>
    `<h3 style="font-size:15px;margin:16px 0 4px">${escape(list.title)}</h3><ul style="margin:0;padding-left:20px">${list.items.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>`).join('');
  const link = doc.link ? `<p style="margin:16px 0"><a href="${escape(doc.link.url)}" style="color:#1f4e79">${escape(doc.link.label)}</a></p>` : '';
  return `<!doctype html><html lang="${doc.language}"><head><meta charset="utf-8"><title>${escape(doc.subject)}</title></head>`
    + `<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1a1a1a;line-height:1.45">`
    + `<p style="border-left:6px solid ${colour};padding:6px 10px;font-size:16px;font-weight:bold;margin:0 0 12px">${escape(doc.headline)}</p>`
    + `<table style="border-collapse:collapse">${rows}</table>${lists}${link}`
    + `<p style="color:#555;font-size:12px;margin-top:20px">${escape(doc.footer)}</p></body></html>`;
}

/** Telegram's HTML subset (b, a, no tables), within its 4096-character limit. */
export function toTelegram(doc: MessageDocument): string {
  const lines = [`<b>${escape(doc.subject)}</b>`, '', escape(doc.headline), ''];
  for (const [label, value] of doc.fields) lines.push(`<b>${escape(label)}:</b> ${escape(value)}`);
  for (const list of doc.lists) {
    lines.push('', `<b>${escape(list.title)}:</b>`);
    for (const item of list.items) lines.push(`• ${escape(item)}`);
  }
  if (doc.link) lines.push('', `<a href="${escape(doc.link.url)}">${escape(doc.link.label)}</a>`);
  // The footer says which clock the times are on (Vietnam time), as in the other channels.
  lines.push('', `<i>${escape(doc.footer)}</i>`);
  const text = lines.join('\n');
  // Cutting inside a tag would make Telegram refuse the message: drop the lists instead.
  return text.length <= 4000 || doc.lists.length === 0 ? text.slice(0, 4096) : toTelegram({ ...doc, lists: [] });
}

export function renderDocument(doc: MessageDocument): RenderedMessage {
  return { subject: doc.subject, text: toText(doc), html: toHtml(doc), telegram: toTelegram(doc) };
}
