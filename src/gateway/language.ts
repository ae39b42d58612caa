// Picks the answer language: Vietnamese unless the client prefers English.

export type Language = 'vi' | 'en';

/** Reads an Accept-Language header (with q-values); Vietnamese by default. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'vi';
  let best: { language: Language; q: number } = { language: 'vi', q: 0 };
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.find((param) => param.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    const language = tag.startsWith('en') ? 'en' : tag.startsWith('vi') ? 'vi' : undefined;
    if (language && q > best.q) best = { language, q };
  }
  return best.language;
}
