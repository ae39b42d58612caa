// Where the administrative-unit catalogue comes from: the bundled 2025 catalogue and legacy mapping by default,
// or a province's own files in the same CSV layout (see reference/admin-units-2025/README.md).
import { z } from 'zod';

export const AdminUnitsSchema = z.object({
  units2025File: z.string().min(1).default('reference/admin-units-2025/units-2025.csv')
    .describe('CSV of the 2025 communes/wards: `provinceCode,province,wardCode,ward,wardType` (path relative to the working folder).'),
  legacyMappingFile: z.string().min(1).default('reference/admin-units-2025/legacy-to-2025.csv')
    .describe('CSV of every legacy commune and the 2025 unit(s) it became (one row per successor).'),
}).strict();

export type AdminUnitsConfig = z.infer<typeof AdminUnitsSchema>;
