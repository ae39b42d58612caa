// Vietnamese name parts and demographic weights for the synthetic population. Weights are rough shapes, not
// statistics: the point is realistic-looking variety with full diacritics.

export const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 30], ['Trần', 11], ['Lê', 9], ['Phạm', 7], ['Hoàng', 5], ['Huỳnh', 5], ['Phan', 4], ['Vũ', 3],
  ['Võ', 5], ['Đặng', 2], ['Bùi', 2], ['Đỗ', 2], ['Hồ', 3], ['Ngô', 2], ['Dương', 1], ['Lý', 1], ['Đinh', 3],
];

export const MIDDLE_NAMES = {
  male: ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Công', 'Thanh', 'Xuân', 'Tấn', 'Ngọc', 'Đình'],
  female: ['Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Hồng', 'Bích', 'Phương'],
} as const;

export const GIVEN_NAMES = {
  male: [
    'An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Đức', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khánh', 'Khoa', 'Lộc',
    'Long', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Trí',
    'Tuấn', 'Việt', 'Vinh', 'Vũ', 'Lực', 'Toàn', 'Trung',
  ],
  female: [
    'Anh', 'Ánh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hồng', 'Hương', 'Lan', 'Linh', 'Loan',
    'Mai', 'Ngọc', 'Nguyệt', 'Nhung', 'Oanh', 'Phương', 'Quỳnh', 'Thảo', 'Thủy', 'Trang', 'Tuyết', 'Vân',
    'Xuân', 'Yến', 'Diệp', 'Nhàn',
  ],
} as const;

/** Sơn Tây-style highland communes: Kinh majority with Hrê, Cor and Ca Dong neighbours. */
export const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['Kinh', 66], ['Hrê', 18], ['Cor', 9], ['Ca Dong', 7],
];

export const RELIGIONS: readonly (readonly [string, number])[] = [
  ['Không', 76], ['Phật giáo', 12], ['Công giáo', 7], ['Tin lành', 3], ['Cao đài', 2],
];

/** Upper case with diacritics, as the population database stores names. */
export function upperName(...parts: readonly string[]): string {
  return parts.join(' ').toLocaleUpperCase('vi-VN').normalize('NFC');
}
