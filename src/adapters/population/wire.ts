// Population system payloads as they arrive (UPSTREAMS.md §1): token, envelope, and duLieu of each call.
import { z } from 'zod';
import { fromVietnameseDate } from '../../domain/dates.ts';

/** `200` of `POST /token`. `expires_in` in seconds; a numeric string is accepted too. */
export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().positive()),
});

/** Every business answer: `{maKetQua, moTa, duLieu}`; duLieu is parsed per operation once maKetQua is `00`. */
export const EnvelopeSchema = z.object({
  maKetQua: z.string(),
  moTa: z.string().nullish(),
  duLieu: z.unknown(),
});
export type Envelope = z.output<typeof EnvelopeSchema>;

const AddressWireSchema = z.object({ maTinh: z.string(), maXa: z.string(), chiTiet: z.string() });

/** `dd/MM/yyyy`, `MM/yyyy` or `yyyy`, checked here so the mapper can rely on it. */
const VietnameseDateSchema = z.string().refine((text) => fromVietnameseDate(text) !== undefined, {
  message: 'expected dd/MM/yyyy, MM/yyyy or yyyy',
});

/** duLieu of `tra-cuu`. soCMND, chuHo and quanHeVoiChuHo may be absent or null; so may tonGiao. */
export const CitizenWireSchema = z.object({
  soDinhDanh: z.string().regex(/^\d{12}$/),
  soCMND: z.string().nullish(),
  hoVaTen: z.string(),
  ngaySinh: VietnameseDateSchema,
  gioiTinh: z.union([z.string(), z.number()]).transform(String).pipe(z.enum(['1', '2'])),
  danToc: z.string(),
  tonGiao: z.string().nullish(),
  quocTich: z.string(),
  queQuan: AddressWireSchema,
  thuongTru: AddressWireSchema,
  noiOHienTai: AddressWireSchema,
  chuHo: z.object({ soDinhDanh: z.string().nullish(), hoVaTen: z.string() }).nullish(),
  quanHeVoiChuHo: z.string().nullish(),
  trangThai: z.enum(['CON_SONG', 'DA_CHET', 'MAT_TICH']),
});
export type CitizenWire = z.output<typeof CitizenWireSchema>;

/** duLieu of `xac-thuc`; chiTiet (or one of its fields) may be missing. */
export const IdentityCheckWireSchema = z.object({
  ketQua: z.boolean(),
  chiTiet: z.object({ hoVaTen: z.boolean().nullish(), ngaySinh: z.boolean().nullish() }).nullish(),
});
export type IdentityCheckWire = z.output<typeof IdentityCheckWireSchema>;
