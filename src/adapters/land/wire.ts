// The land system's ThuaDat as fast-xml-parser reads it (every leaf a string; empty element → '').
import { z } from 'zod';

/** 'true' / 'false' (also '1' / '0', any case). */
const Flag = z.string().transform((text) => text.trim().toLowerCase()).pipe(z.enum(['true', 'false', '1', '0']));

const HolderWireSchema = z.object({ HoTen: z.string(), SoDinhDanh: z.string().optional() });

const CertificateWireSchema = z.object({ SoPhatHanh: z.string(), SoVaoSo: z.string(), NgayCap: z.string() });

export const ThuaDatWireSchema = z.object({
  SoTo: z.string(),
  SoThua: z.string(),
  MaXa: z.string(),
  DienTich: z.string().regex(/^\d+(\.\d+)?$/, { message: 'expected a decimal with "."' }),
  MucDichSuDung: z.string(),
  DiaChi: z.string().optional(),
  ChuSuDung: z.array(HolderWireSchema).optional(),
  // Absent, or an empty <GiayChungNhan/>, when the parcel has no certificate.
  GiayChungNhan: z.union([CertificateWireSchema, z.literal('')]).optional(),
  TinhTrangTheChap: Flag,
  TranhChap: Flag,
});
export type ThuaDatWire = z.output<typeof ThuaDatWireSchema>;
