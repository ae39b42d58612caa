// The communes the simulated province serves, and the few places elsewhere that migrants come from.
import type { Commune, Place } from './types.ts';

const PROVINCE = { provinceCode: '51', provinceName: 'Tỉnh Quảng Ngãi' } as const;
const villages = (count: number, word = 'Thôn'): string[] =>
  Array.from({ length: count }, (_, index) => `${word} ${index + 1}`);

/** Province 51. The last one, 21100, is deliberately not provisioned on the land system. */
export const COMMUNES: readonly Commune[] = [
  { code: '21085', name: 'Xã Sơn Thủy', ...PROVINCE, landProvisioned: true, villages: villages(6) },
  { code: '21088', name: 'Xã Sơn Tân', ...PROVINCE, landProvisioned: true, villages: villages(5) },
  { code: '21091', name: 'Xã Sơn Mùa', ...PROVINCE, landProvisioned: true, villages: villages(5) },
  { code: '21094', name: 'Xã Sơn Liên', ...PROVINCE, landProvisioned: true, villages: villages(4) },
  { code: '21097', name: 'Thị trấn Di Lăng', ...PROVINCE, landProvisioned: true, villages: villages(5, 'Tổ dân phố') },
  { code: '21100', name: 'Xã Sơn Long', ...PROVINCE, landProvisioned: false, villages: villages(4) },
];

/** The commune that exists for population and civil status but not yet for the land system. */
export const UNPROVISIONED_COMMUNE = '21100';

export function communeByCode(code: string): Commune | undefined {
  return COMMUNES.find((commune) => commune.code === code);
}

/** "Xã Sơn Thủy, Tỉnh Quảng Ngãi", optionally prefixed with a village. */
export function placeText(commune: Commune, village?: string): string {
  return [village, commune.name, commune.provinceName].filter(Boolean).join(', ');
}

export function placeIn(commune: Commune, village?: string): Place {
  return { provinceCode: commune.provinceCode, communeCode: commune.code, detail: placeText(commune, village) };
}

/** "UBND xã Sơn Thủy": how the civil registry names the registering office. */
export function officeName(commune: Commune): string {
  const [kind = '', ...rest] = commune.name.split(' ');
  const unit = kind === 'Thị' ? `thị ${rest.shift() ?? ''}` : kind.toLowerCase();
  return `UBND ${unit} ${rest.join(' ')}`;
}

/** Hometowns of people born outside the province; `idProvince` is their ID's 3-digit birth-province code. */
export const OTHER_HOMETOWNS: readonly (Place & { idProvince: string })[] = [
  { idProvince: '049', provinceCode: '49', communeCode: '20329', detail: 'Xã Tam Xuân 1, Tỉnh Quảng Nam' },
  { idProvince: '052', provinceCode: '52', communeCode: '21610', detail: 'Xã Hoài Châu, Tỉnh Bình Định' },
  { idProvince: '001', provinceCode: '01', communeCode: '00004', detail: 'Phường Trúc Bạch, Thành phố Hà Nội' },
  { idProvince: '079', provinceCode: '79', communeCode: '26734', detail: 'Phường Bến Nghé, Thành phố Hồ Chí Minh' },
];
