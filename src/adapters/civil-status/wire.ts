// Civil-status registry payloads as they arrive (UPSTREAMS.md §2): login, envelope, and each call's ketQua.
import { z } from 'zod';

/** Registration numbers may come as numbers from some deployments. */
const Code = z.union([z.string(), z.number().transform(String)]);
/** 'Nam' / 'Nữ', whatever Unicode normalisation the upstream used. */
const Sex = z.string().transform((text) => text.normalize('NFC').trim()).pipe(z.enum(['Nam', 'Nữ']));
const PersonWire = z.object({ hoVaTen: z.string(), soDinhDanh: z.string().nullish() });
const OfficeWire = z.object({ maXa: z.string(), ten: z.string() });

/** `200` of a successful login. */
export const LoginWireSchema = z.object({
  phien: z.string().min(1),
  hetHan: z.string().refine((text) => !Number.isNaN(Date.parse(text)), { message: 'expected an ISO date-time' }),
});
export type LoginWire = z.output<typeof LoginWireSchema>;

/** `{"trangThai":"OK","ketQua":…}` or `{"trangThai":"LOI","maLoi":"…","thongBao":"…"}`. */
export const EnvelopeSchema = z.discriminatedUnion('trangThai', [
  z.object({ trangThai: z.literal('OK'), ketQua: z.unknown() }),
  z.object({ trangThai: z.literal('LOI'), maLoi: z.string(), thongBao: z.string().nullish() }),
]);
export type Envelope = z.output<typeof EnvelopeSchema>;

const Registration = {
  soDangKy: Code,
  quyenSo: z.string(),
  ngayDangKy: z.string(),
  noiDangKy: OfficeWire,
};

/** A null ketQua for a list reads as "none". */
function list<T extends z.ZodType>(item: T) {
  return z.array(item).nullish().transform((items) => items ?? []);
}

export const BirthRecordWireSchema = z.object({
  ...Registration,
  nguoiDuocKhaiSinh: z.object({
    soDinhDanh: z.string().nullish(),
    hoVaTen: z.string(),
    ngaySinh: z.string(),
    gioiTinh: Sex,
    noiSinh: z.string(),
  }),
  cha: PersonWire.nullish(),
  me: PersonWire.nullish(),
});
export type BirthRecordWire = z.output<typeof BirthRecordWireSchema>;
export const BirthListWireSchema = list(BirthRecordWireSchema);

export const MarriageRecordWireSchema = z.object({
  ...Registration,
  chong: PersonWire,
  vo: PersonWire,
  trangThai: z.enum(['HIEU_LUC', 'DA_LY_HON']),
});
export type MarriageRecordWire = z.output<typeof MarriageRecordWireSchema>;
export const MarriageListWireSchema = list(MarriageRecordWireSchema);

export const DeathRecordWireSchema = z.object({
  ...Registration,
  ngayChet: z.string(),
  noiChet: z.string(),
});
export type DeathRecordWire = z.output<typeof DeathRecordWireSchema>;
export const DeathListWireSchema = list(DeathRecordWireSchema);

export const MaritalStatusWireSchema = z.object({
  tinhTrang: z.enum(['CHUA_KET_HON', 'DANG_CO_VO_CHONG', 'DA_LY_HON', 'GOA']),
  canCu: z.string().nullish(),
});
export type MaritalStatusWire = z.output<typeof MaritalStatusWireSchema>;
