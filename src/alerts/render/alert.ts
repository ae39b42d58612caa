// An alert as operators read it: which system, what users feel, since when, tickets waiting and the oldest,
// communes affected, the drain estimate once it is back, and the status page. Pure.
import type { Alert } from '../types.ts';
import { renderDocument, type MessageDocument, type RenderedMessage } from './document.ts';
import { formatDuration, formatTime } from './time.ts';
import { capitalise, impact, REASONS, STATES, systemWords, type Language } from './words.ts';

export interface RenderOptions {
  language: Language;
  /** Linked from every message when set. */
  statusPageUrl?: string | undefined;
}

/** Commune codes shown before "and N more". */
const COMMUNES_SHOWN = 30;

export function renderAlert(alert: Alert, options: RenderOptions): RenderedMessage {
  return renderDocument(alertDocument(alert, options));
}

export function alertDocument(alert: Alert, options: RenderOptions): MessageDocument {
  const { language: lang } = options;
  const vi = lang === 'vi';
  const t = (viText: string, enText: string) => (vi ? viText : enText);
  const system = systemWords(alert.upstream).name[lang];
  const verification = systemWords(alert.upstream).verification[lang];
  const { facts } = alert;
  const resolved = alert.phase === 'resolved';
  const endsAt = alert.endsAt ?? alert.at;
  const lasted = formatDuration((resolved ? endsAt : alert.at) - alert.startsAt, lang);
  const since = formatTime(alert.startsAt, lang);
  const tag = resolved
    ? alert.rule === 'backlog' ? t('[ĐÃ XỬ LÝ]', '[CLEARED]') : alert.rule === 'flapping' ? t('[ỔN ĐỊNH]', '[STABLE]') : t('[ĐÃ KHÔI PHỤC]', '[RECOVERED]')
    : alert.phase === 'reminder' ? t('[NHẮC LẠI]', '[REMINDER]') : alert.severity === 'critical' ? t('[SỰ CỐ]', '[OUTAGE]') : t('[CẢNH BÁO]', '[WARNING]');
  const still = alert.phase === 'reminder';
  const waiting = facts.queueDepth ?? 0;

  const subjects: Record<Alert['rule'], string> = resolved ? {
    down: t(`${system} hoạt động trở lại lúc ${formatTime(endsAt, lang)}`, `${system} is back since ${formatTime(endsAt, lang)}`),
    degraded: t(`${system} hoạt động bình thường trở lại lúc ${formatTime(endsAt, lang)}`, `${system} is operational again since ${formatTime(endsAt, lang)}`),
    backlog: t(`Hàng chờ ${verification} của ${system} đã giảm`, `The queue of ${verification} for the ${system} is back under its limits`),
    credentials: t(`Cổng kết nối đăng nhập lại được vào ${system}`, `The gateway can log in to the ${system} again`),
    flapping: t(`${system} không còn chập chờn`, `${system} has stopped flapping`),
  } : {
    down: still ? t(`${system} vẫn ngừng hoạt động (đã ${lasted})`, `${system} is still down (for ${lasted})`) : t(`${system} ngừng hoạt động từ ${since}`, `${system} is down since ${since}`),
    degraded: still ? t(`${system} vẫn hoạt động không ổn định (đã ${lasted})`, `${system} is still degraded (for ${lasted})`) : t(`${system} hoạt động không ổn định từ ${since}`, `${system} is degraded since ${since}`),
    backlog: t(`${still ? 'Vẫn còn ' : ''}${waiting} yêu cầu ${verification} đang chờ ${system}`, `${still ? 'Still ' : ''}${waiting} ${verification} waiting for the ${system}`),
    credentials: t(`Cổng kết nối ${still ? 'vẫn ' : ''}không đăng nhập được vào ${system}`, `The gateway ${still ? 'still ' : ''}cannot log in to the ${system}`),
    flapping: t(`${system} chập chờn: ${facts.bounces ?? 0} lần gián đoạn trong ${lasted}`, `${system} is flapping: ${facts.bounces ?? 0} outages in ${lasted}`),
  };
  const subject = `${tag} ${subjects[alert.rule]}`;

  const kind = resolved ? (alert.rule === 'backlog' || alert.rule === 'credentials' || alert.rule === 'flapping' ? undefined : 'back')
    : alert.rule === 'down' || alert.rule === 'flapping' ? 'down' : alert.rule;
  const headline = kind ? impact(alert.upstream, kind, lang) : capitalise(subjects[alert.rule]) + '.';

  const fields: Array<[string, string]> = [[t('Hệ thống', 'System'), system]];
  const reasons = facts.reasons.filter((reason) => reason !== 'no-data').map((reason) => REASONS[reason][lang]);
  fields.push([t('Tình trạng', 'State'), `${STATES[facts.state][lang]}${reasons.length ? ` (${reasons.join('; ')})` : ''}`]);
  if (resolved) {
    fields.push([t('Bắt đầu', 'Started'), since], [t('Kết thúc', 'Ended'), formatTime(endsAt, lang)], [t('Kéo dài', 'Lasted'), lasted]);
  } else {
    fields.push([t('Từ', 'Since'), `${since} (${t('đã', 'for')} ${lasted})`]);
  }
  const oldest = facts.oldestTicketAt === null ? '' : t(`, lâu nhất đã chờ ${formatDuration(alert.at - facts.oldestTicketAt, lang)}`, `, the oldest for ${formatDuration(alert.at - facts.oldestTicketAt, lang)}`);
  if (facts.queueDepth !== null) fields.push([t('Yêu cầu xác thực đang chờ', 'Verifications waiting'), waiting === 0 ? t('không có', 'none') : `${waiting}${oldest}`]);
  if (facts.ticketsQueued !== null && facts.ticketsQueued > 0) fields.push([t('Yêu cầu đã xếp hàng trong sự cố', 'Queued during the incident'), String(facts.ticketsQueued)]);
  if (facts.requestsFailed !== null && (facts.requestsFailed > 0 || (facts.requestsServedStale ?? 0) > 0)) {
    fields.push([t('Tra cứu bị lỗi / trả dữ liệu lưu tạm', 'Lookups failed / served saved answers'), `${facts.requestsFailed} / ${facts.requestsServedStale ?? 0}`]);
  }
  const communes = facts.communesAffected;
  if (communes.length > 0) {
    const shown = communes.slice(0, COMMUNES_SHOWN).join(', ');
    const more = communes.length > COMMUNES_SHOWN ? t(` và ${communes.length - COMMUNES_SHOWN} xã khác`, ` and ${communes.length - COMMUNES_SHOWN} more`) : '';
    fields.push([t('Xã bị ảnh hưởng', 'Communes affected'), `${communes.length} ${t('xã', communes.length === 1 ? 'commune' : 'communes')} (${shown}${more})`]);
  }
  if (waiting > 0 && facts.estimatedDrainSeconds !== null && (alert.rule === 'down' || alert.rule === 'degraded' || alert.rule === 'backlog')) {
    const drain = formatDuration(facts.estimatedDrainSeconds * 1000, lang);
    fields.push(resolved
      ? [t('Ước tính xử lý hết hàng chờ', 'Estimated time to clear the queue'), t(`khoảng ${drain}`, `about ${drain}`)]
      : [t('Ước tính xử lý hết hàng chờ khi hệ thống trở lại', 'Estimated time to clear the queue once back'), t(`khoảng ${drain}`, `about ${drain}`)]);
  }
  if (alert.supersedes.length > 0) fields.push([t('Ghi chú', 'Note'), t('tình trạng đã chuyển từ không ổn định sang ngừng hoạt động', 'the state worsened from degraded to down')]);
  if (alert.incidentId) fields.push([t('Mã sự cố', 'Incident'), alert.incidentId]);

  return {
    subject,
    severity: resolved ? 'ok' : alert.severity,
    headline,
    fields,
    lists: [],
    link: options.statusPageUrl ? { label: t('Xem trang trạng thái', 'Open the status page'), url: options.statusPageUrl } : undefined,
    footer: t(
      `Giờ Việt Nam (UTC+7). Cổng kết nối liên thông cấp xã · mã cảnh báo ${alert.dedupKey}`,
      `Times are Vietnam time (UTC+7). Commune integration gateway · alert ${alert.dedupKey}`,
    ),
    language: lang,
  };
}
