// The daily summary as operators read it: yesterday's incidents, tickets queued and completed, what still waits.
import type { DailySummary } from '../types.ts';
import { renderDocument, type MessageDocument, type RenderedMessage } from './document.ts';
import { formatClock, formatDate, formatDuration } from './time.ts';
import { STATES, systemWords, type Language } from './words.ts';

export interface SummaryRenderOptions {
  language: Language;
  statusPageUrl?: string | undefined;
}

export function renderDailySummary(summary: DailySummary, options: SummaryRenderOptions): RenderedMessage {
  return renderDocument(summaryDocument(summary, options));
}

export function summaryDocument(summary: DailySummary, options: SummaryRenderOptions): MessageDocument {
  const { language: lang } = options;
  const t = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  const day = formatDate(summary.fromMs, lang);
  const count = summary.incidents.length;
  const tickets = summary.tickets;
  const subject = t(
    `[BÁO CÁO NGÀY ${day}] ${count} sự cố${tickets ? `, ${tickets.queued} yêu cầu xác thực xếp hàng, ${tickets.completed} đã hoàn tất` : ''}`,
    `[DAILY REPORT ${day}] ${count} incident${count === 1 ? '' : 's'}${tickets ? `, ${tickets.queued} verifications queued, ${tickets.completed} completed` : ''}`,
  );

  const incidents = summary.incidents.map((incident) => {
    const system = systemWords(incident.upstream).name[lang];
    const until = incident.endedAt === null ? t('đang tiếp diễn', 'ongoing') : formatClock(incident.endedAt);
    const lasted = formatDuration((incident.endedAt ?? summary.at) - incident.startedAt, lang);
    const startDay = incident.startedAt < summary.fromMs ? ` (${formatDate(incident.startedAt, lang)})` : '';
    return t(
      `${system}: ${STATES[incident.worstState].vi.toLowerCase()} từ ${formatClock(incident.startedAt)}${startDay} đến ${until} (${lasted}); ${incident.communesAffected.length} xã bị ảnh hưởng; ${incident.ticketsQueued} yêu cầu xếp hàng; ${incident.requestsFailed} tra cứu lỗi`,
      `${system}: ${STATES[incident.worstState].en.toLowerCase()} from ${formatClock(incident.startedAt)}${startDay} to ${until} (${lasted}); ${incident.communesAffected.length} communes affected; ${incident.ticketsQueued} queued; ${incident.requestsFailed} lookups failed`,
    );
  });
  const waiting = summary.waiting.filter((entry) => entry.depth > 0).map((entry) => {
    const oldest = entry.oldestTicketAt === null ? '' : t(`, lâu nhất đã chờ ${formatDuration(summary.at - entry.oldestTicketAt, lang)}`, `, the oldest for ${formatDuration(summary.at - entry.oldestTicketAt, lang)}`);
    return `${systemWords(entry.upstream).name[lang]}: ${entry.depth}${oldest}`;
  });

  const fields: Array<[string, string]> = [
    [t('Ngày', 'Day'), t(`${day} (00:00–24:00 giờ Việt Nam)`, `${day} (00:00–24:00 Vietnam time)`)],
    [t('Số sự cố', 'Incidents'), String(count)],
    [t('Yêu cầu xác thực', 'Verifications'), tickets
      ? t(`xếp hàng ${tickets.queued}, hoàn tất ${tickets.completed}, thất bại ${tickets.failed}, hết hạn ${tickets.expired}`,
        `queued ${tickets.queued}, completed ${tickets.completed}, failed ${tickets.failed}, expired ${tickets.expired}`)
      : t('không có số liệu', 'no figures')],
    [t('Đang chờ', 'Still waiting'), waiting.length === 0 ? t('không còn yêu cầu nào đang chờ', 'nothing is waiting') : String(summary.waiting.reduce((sum, entry) => sum + entry.depth, 0))],
  ];
  const lists = [];
  if (incidents.length > 0) lists.push({ title: t('Sự cố trong ngày', 'Incidents of the day'), items: incidents });
  if (waiting.length > 0) lists.push({ title: t('Yêu cầu còn đang chờ', 'Still waiting'), items: waiting });

  return {
    subject,
    severity: 'info',
    headline: count === 0
      ? t(`Ngày ${day} các hệ thống nguồn không có sự cố.`, `No upstream incidents on ${day}.`)
      : t(`Ngày ${day} có ${count} sự cố ở các hệ thống nguồn.`, `${count} upstream incident${count === 1 ? '' : 's'} on ${day}.`),
    fields,
    lists,
    link: options.statusPageUrl ? { label: t('Xem trang trạng thái', 'Open the status page'), url: options.statusPageUrl } : undefined,
    footer: t('Giờ Việt Nam (UTC+7). Cổng kết nối liên thông cấp xã · báo cáo hằng ngày', 'Times are Vietnam time (UTC+7). Commune integration gateway · daily report'),
    language: lang,
  };
}
