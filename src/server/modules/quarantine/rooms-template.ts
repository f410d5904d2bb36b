/** Bulk room/bed codes from a template such as floors "3-12" × rooms "01-30" → "3-01" … "12-30". */

function range(spec: string, field: string): string[] {
  const m = /^\s*(\d{1,4})\s*[-–~]\s*(\d{1,4})\s*$/.exec(spec) ?? /^\s*(\d{1,4})\s*$/.exec(spec);
  if (!m) throw new Error(`${field}: must be a number or a range like 3-12`);
  const from = m[1] ?? '';
  const to = m[2] ?? from;
  const a = Number(from);
  const b = Number(to);
  if (b < a) throw new Error(`${field}: range ends before it starts`);
  if (b - a > 999) throw new Error(`${field}: at most 1000 in one range`);
  const width = from.length; // keep leading zeros: "01-30" → 01 … 30
  return Array.from({ length: b - a + 1 }, (_, i) => String(a + i).padStart(width, '0'));
}

export interface TemplateRoom {
  code: string;
  floor: number | null;
  unit: string | null;
}

export function roomsFromTemplate(floors: string, rooms: string): TemplateRoom[] {
  const fs = range(floors, 'floors');
  const rs = range(rooms, 'rooms');
  if (fs.length * rs.length > 20_000) throw new Error('rooms: at most 20,000 rooms in one template');
  return fs.flatMap((f) => rs.map((r) => ({ code: `${Number(f)}-${r}`, floor: Number(f), unit: null })));
}

/** N numbered rooms, or beds grouped in units of `unitSize` (方舱: 20-bed units, "U01-05"). */
export function numbered(n: number, kind: 'room' | 'bed', unitSize = 20): TemplateRoom[] {
  const width = String(n).length;
  return Array.from({ length: n }, (_, i) => {
    if (kind === 'room') return { code: String(i + 1).padStart(Math.max(3, width), '0'), floor: null, unit: null };
    const unit = `U${String(Math.floor(i / unitSize) + 1).padStart(2, '0')}`;
    return { code: `${unit}-${String((i % unitSize) + 1).padStart(2, '0')}`, floor: null, unit };
  });
}
